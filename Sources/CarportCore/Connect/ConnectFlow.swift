import Foundation

/// The waiting part of a Connect session as a state machine: every way in (the browser's redirect
/// to the catcher, a pasted redirect URL) hands its query string to `receive`, which decides.
/// The first valid callback wins; a wrong or missing `state` is rejected and the session keeps
/// waiting; an `error=` redirect with the right `state` ends it (docs/SMARTCAR.md §3.3).
public struct ConnectFlow: Sendable {
    public enum Grant: Sendable, Equatable {
        case code(String)
        case vehicleId(String)
        /// A v3 app's Connect: the customer's Smartcar user (docs/SMARTCAR.md §10.3).
        case userId(String)
    }

    public enum Phase: Sendable, Equatable {
        case waiting
        /// A valid callback arrived; nothing else will be accepted.
        case accepted
        /// Connect redirected with an error, or the session timed out.
        case finished
    }

    /// Why a callback was refused. The session keeps waiting.
    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        /// What the customer's page says: the callback is not this session's, the session took
        /// its callback already (a reloaded page), or the session is over.
        public enum Cause: Sendable, Equatable { case notThisSession, alreadyAccepted, ended }

        public var reason: String
        public var cause: Cause
        public init(_ reason: String, cause: Cause = .notThisSession) {
            self.reason = reason
            self.cause = cause
        }
        public var description: String { reason }
    }

    public enum Decision: Sendable, Equatable {
        /// Stop waiting and use this grant.
        case accepted(Grant)
        /// Answer 400, keep waiting.
        case rejected(Rejection)
        /// Connect reported an error (docs/SMARTCAR.md §3.2): the session is over.
        case failed(CarportError)
    }

    /// Decides what the session waits for: a `code` (docs/SMARTCAR.md §3.1), or a `vehicle_id`
    /// for the vehicle re-authentication of docs/SMARTCAR.md §2.4.
    public let purpose: ConnectPurpose
    /// A v3 app's session waits for `user_id`; a code sent with it is neither needed nor kept.
    public let application: ApplicationKind
    private let expectedState: [UInt8]
    public private(set) var phase: Phase = .waiting

    /// - Parameter state: the `state` the Connect URL carried (256 random bits).
    public init(state: String, purpose: ConnectPurpose, application: ApplicationKind = .classic) {
        self.expectedState = Array(state.utf8)
        self.purpose = purpose
        self.application = application
    }

    /// The redirect's success parameter: `vehicle_id` for the vehicle flow, else `user_id` for a
    /// v3 app and `code` for a classic one.
    var grantParameter: String {
        if case .reauthenticateVehicle = purpose { return "vehicle_id" }
        return application == .v3 ? "user_id" : "code"
    }

    /// Decides on one callback's query string (without the `?`).
    public mutating func receive(query: String) -> Decision {
        guard phase == .waiting else {
            return .rejected(
                phase == .accepted
                    ? Rejection(
                        "This Connect session already received its callback; a second or replayed one is ignored.",
                        cause: .alreadyAccepted)
                    : Rejection(
                        "This Connect session has ended; start a new one with `carport connect`.", cause: .ended))
        }
        let parameters: [String: String]
        switch CallbackQuery.parse(query) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let parsed): parameters = parsed
        }
        guard let state = parameters["state"], !state.isEmpty, !expectedState.isEmpty else {
            return .rejected(Rejection("The callback has no `state`; it did not come from this Connect session."))
        }
        guard Self.constantTimeEqual(Array(state.utf8), expectedState) else {
            return .rejected(Rejection("The callback's `state` does not match this Connect session."))
        }
        if let error = parameters["error"] {
            phase = .finished
            return .failed(Self.connectError(error, parameters: parameters))
        }
        let name = grantParameter
        guard let value = parameters[name], !value.isEmpty else {
            return .rejected(Rejection(missing(name, in: parameters)))
        }
        guard CallbackQuery.isToken(value) else {
            return .rejected(Rejection("The callback's `\(name)` contains characters Smartcar never sends."))
        }
        phase = .accepted
        switch name {
        case "code": return .accepted(.code(value))
        case "user_id": return .accepted(.userId(value))
        default: return .accepted(.vehicleId(value))
        }
    }

    /// Why a callback without the grant is refused; a classic/v3 mix-up says which setting to fix.
    private func missing(_ name: String, in parameters: [String: String]) -> String {
        if name == "code", parameters["user_id"] != nil {
            return "The callback carries `user_id` but no code: this is a v3 app. Configure SMARTCAR_APPLICATION_ID "
                + "and the API credentials and connect with `--kind v3` (README, Classic and v3 apps)."
        }
        if name == "user_id", parameters["code"] != nil {
            return "The callback carries a code but no `user_id`: this is a classic app. Connect with `--kind classic`."
        }
        return "The callback carries neither `\(name)` nor `error`."
    }

    /// Ends the session (timeout, or the operator gave up); later callbacks are rejected.
    public mutating func finish() { phase = .finished }

    /// Compares without an early exit, so timing does not reveal how much of a guess was right.
    /// Whether `a` and `b` are equal, in time that depends on their lengths only. A length
    /// difference counts whole (folding it into a byte would let lengths 256 apart compare equal).
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
