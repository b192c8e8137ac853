/// What both front ends tell the operator when the redirect URI is the team's hosted callback page
/// (`Configuration.CallbackPage.hosted`, `contrib/callback-page/`): what the customer will see, and
/// what to ask them for. The page copies the callback's grant and `state` as a query string,
/// which the paste box takes like any redirect (`ConnectFlow.query(fromPasted:)`).
public enum HostedPageGuide {
    /// The shape of the text the page copies.
    public static let copiedText = "code=…&state=…"

    public static func customerSees(page: String) -> String {
        "When they finish, their browser opens your callback page (\(page)): it tells them they are almost done, "
            + "with one button that copies a short text (\(copiedText))."
    }

    /// `paste`: how this front end takes it, e.g. "paste it here and press Enter".
    public static func askFor(_ paste: String) -> String { "Ask them to send you that text, then \(paste)." }
}
