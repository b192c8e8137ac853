import Foundation

/// The `ssh -L` line an operator runs on their laptop when Carport runs on a server they reached
/// over SSH, so the laptop's browser reaches the catcher at `localhost:PORT`.
public enum SSHTunnelHint {
    /// Nil when `SSH_CONNECTION` is not set or malformed. The host is the server address of
    /// `SSH_CONNECTION` (client-ip client-port server-ip server-port); the user is `USER` or `LOGNAME`.
    public static func command(port: UInt16, environment: [String: String]) -> String? {
        guard let connection = environment["SSH_CONNECTION"] else { return nil }
        let fields = connection.split(separator: " ")
        guard fields.count == 4, let sshPort = Int(fields[3]) else { return nil }
        let host = String(fields[2])
        let user = environment["USER"] ?? environment["LOGNAME"]
        let destination = user.map { "\($0)@\(host)" } ?? host
        let portOption = sshPort == 22 ? "" : "-p \(sshPort) "
        return "ssh \(portOption)-L \(port):localhost:\(port) \(destination)"
    }
}
