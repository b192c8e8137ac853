import CarportCore

/// What the customer's browser shows at the end of Connect: what happened and what to do next,
/// in the customer's words. The operator's own text, when there is one, is folded away under
/// `details` for the person helping them; it never holds a code or a `state`.
struct CustomerPage: Sendable, Equatable {
    enum Tone: String, Sendable {
        case done, problem, notice
    }

    var tone: Tone
    var title: String
    var happened: String
    var next: String
    var details: String?

    static let connected = CustomerPage(
        tone: .done, title: "You're all set",
        happened: "You have finished connecting your vehicle. Thank you!",
        next: "You can close this page now and let the person helping you know that you're done.")

    /// A callback the session refused: not this session's, a second one, or one that came too late.
    static func refused(_ rejection: ConnectFlow.Rejection) -> CustomerPage {
        switch rejection.cause {
        case .alreadyAccepted:
            CustomerPage(
                tone: .done, title: "You're already done",
                happened: "Your vehicle was connected a moment ago, so there is nothing more to do here.",
                next: "You can close this page.", details: rejection.reason)
        case .ended:
            CustomerPage(
                tone: .notice, title: "This link has expired",
                happened: "This request to connect your vehicle has already ended, so nothing was shared.",
                next: "If you still want to connect your vehicle, ask the person helping you for a new link.",
                details: rejection.reason)
        case .notThisSession:
            CustomerPage(
                tone: .problem, title: "This link doesn't work",
                happened:
                    "This page doesn't belong to the request that is waiting for you. The link may be old or "
                    + "copied only in part. Nothing was shared.",
                next: "Ask the person helping you for a new link, and open it in full.",
                details: rejection.reason)
        }
    }

    /// Connect ended with an error (docs/SMARTCAR.md §3.2): nothing was linked.
    static func failed(_ error: CarportError) -> CustomerPage {
        let (title, happened, next) = wording(forConnectError: error.details?.type ?? "")
        return CustomerPage(tone: .problem, title: title, happened: happened, next: next, details: error.message)
    }

    /// Nothing at this address: most likely a short link opened in part.
    static let notFound = CustomerPage(
        tone: .problem, title: "Page not found", happened: "There is nothing at this address.",
        next: "Check that you opened the whole link, or ask the person helping you for a new one.")

    /// A request the catcher would not serve (wrong host, method, too slow, too large, too busy).
    static func refusedRequest(_ title: String, _ reason: String) -> CustomerPage {
        CustomerPage(
            tone: .notice, title: title, happened: reason,
            next: "Open the link you were given again, or ask the person helping you.")
    }

    private static let newLink = "ask the person helping you for a new link"

    private static func wording(forConnectError name: String) -> (String, String, String) {
        switch name {
        case "access_denied":
            (
                "You chose not to share access", "Your vehicle was not connected, and nothing was shared.",
                "If that was a mistake, \(newLink) and choose Allow."
            )
        case "user_cancelled", "user_manually_returned_to_application":
            (
                "You left before finishing", "Your vehicle was not connected, and nothing was shared.",
                "When you're ready, \(newLink)."
            )
        case "no_vehicles":
            (
                "No vehicle in your account", "The carmaker account you signed in with has no vehicles in it.",
                "Add your vehicle to that account in the carmaker's app, then \(newLink)."
            )
        case "vehicle_incompatible":
            (
                "Your vehicle can't be connected", "Your vehicle doesn't support this connection. Nothing was shared.",
                "Let the person helping you know; they can check what is possible for your vehicle."
            )
        case "invalid_subscription":
            (
                "Your connected services are off", "Your vehicle's connected-services subscription isn't active.",
                "Turn it on with your carmaker (in their app or website), then \(newLink)."
            )
        case "server_error":
            (
                "The connection service had a problem", "Something went wrong on its side. Nothing was shared.",
                "Please wait a few minutes, then \(newLink)."
            )
        default:
            (
                "Your vehicle wasn't connected", "Something went wrong, and nothing was shared.",
                "Let the person helping you know; they will send you a new link."
            )
        }
    }
}
