import Foundation

/// Builds Connect URLs. The query matches what Smartcar's Python SDK 6.19.1 emits for the same
/// inputs, parameter for parameter and in the same order (docs/SMARTCAR.md §2.2).
public enum ConnectURL {
    public static func authorize(origin: URL, _ request: ConnectRequest) -> URL {
        var pairs: [(String, String)] = [
            ("response_type", "code"),
            ("client_id", request.clientId),
            ("approval_prompt", request.forcePrompt ? "force" : "auto"),
            ("mode", request.mode.rawValue),
        ]
        if let redirect = request.redirectURI { pairs.append(("redirect_uri", redirect)) }
        if !request.scopes.isEmpty {
            pairs.append(("scope", request.scopes.map(\.wireValue).joined(separator: " ")))
        }
        if let state = request.state { pairs.append(("state", state)) }
        if let make = request.make { pairs.append(("make", make)) }
        switch request.singleSelect {
        case .vin(let vin)?:
            pairs.append(("single_select_vin", vin))
            pairs.append(("single_select", "true"))
        case .enabled?: pairs.append(("single_select", "true"))
        case .disabled?: pairs.append(("single_select", "false"))
        case nil: break
        }
        if !request.flags.isEmpty {
            pairs.append(("flags", request.flags.map { "\($0.name):\($0.value)" }.joined(separator: " ")))
        }
        if let user = request.user { pairs.append(("user", user)) }
        return url(origin: origin, path: "/oauth/authorize", pairs)
    }

    /// The re-authentication URL of docs/SMARTCAR.md §2.4: success redirects with `vehicle_id`.
    public static func reauthenticate(
        origin: URL, clientId: String, vehicleId: String,
        redirectURI: String?, state: String?, user: String? = nil
    ) -> URL {
        var pairs: [(String, String)] = [
            ("response_type", "vehicle_id"), ("client_id", clientId), ("vehicle_id", vehicleId),
        ]
        if let redirect = redirectURI { pairs.append(("redirect_uri", redirect)) }
        if let state { pairs.append(("state", state)) }
        if let user { pairs.append(("user", user)) }
        return url(origin: origin, path: "/oauth/reauthenticate", pairs)
    }

    private static func url(origin: URL, path: String, _ pairs: [(String, String)]) -> URL {
        var base = origin.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: "\(base)\(path)?\(FormEncoding.encode(pairs))")!
    }
}
