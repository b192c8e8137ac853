import CarportCore
import CarportTUI
import Foundation
import SmartcarEmulator
import SmartcarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `carport demo`'s world: the embedded emulator on a free loopback port, a throw-away
/// CARPORT_HOME, and one clock that the emulator and the app share (so a time warp moves both).
public struct DemoWorld {
    public let emulator: Emulator
    public let home: URL
    public let clock: OffsetClock
    public let redirectURI: String

    public let callbackPage: Configuration.CallbackPage

    /// `callbackPage` `hosted`: the redirect URI is the emulator's copy of the hosted callback page
    /// (`Emulator.hostedCallbackPage`), so the demo shows the path of a customer on their own phone.
    public static func start(callbackPage: Configuration.CallbackPage = .catcher) async throws -> DemoWorld {
        ProcessHardening.disableCoreDumps()
        let redirect = callbackPage == .hosted ? nil : "http://localhost:\(try freeCatcherPort())/callback"
        let clock = OffsetClock()
        var config = EmulatorConfig(redirectURIs: redirect.map { [$0] } ?? [], clock: clock)
        config.commandDuration = 3
        config.longRunningCommands = true // a v3 lock answers 202 and is followed: "accepted, still running"
        let emulator = try await buildEmulator(config: config)
        try await emulator.start()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("carport-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: home, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        return DemoWorld(
            emulator: emulator, home: home, clock: clock,
            redirectURI: redirect ?? emulator.hostedCallbackPage.absoluteString, callbackPage: callbackPage)
    }

    private static func freeCatcherPort() throws -> Int {
        guard
            let port = (8765...8865).first(where: {
                LoopbackPort.bindError($0, ipv6: false) == nil && LoopbackPort.bindError($0, ipv6: true) == nil
            })
        else {
            throw CarportError(
                .configuration, "No free loopback port between 8765 and 8865 for the demo's callback catcher.")
        }
        return Int(port)
    }

    /// The settings that point carport at this world (nothing from the operator's own config).
    public var environment: [String: String] {
        let origin = emulator.baseURL.absoluteString
        var env = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SMARTCAR_") && !$0.key.hasPrefix("CARPORT_")
        }
        env.merge([
            "CARPORT_HOME": home.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
            "SMARTCAR_CLIENT_SECRET": EmulatorConfig.demoClientSecret,
            "SMARTCAR_REDIRECT_URI": redirectURI, "CARPORT_MODE": "simulated",
            Configuration.Settings.callbackPage.variable: callbackPage.rawValue,
            "SMARTCAR_CONNECT_ORIGIN": origin, "SMARTCAR_AUTH_ORIGIN": origin, "SMARTCAR_API_ORIGIN": origin,
        ]) { $1 }
        // A migrating team's app: both kinds, so the fleet is mixed and new links are v3.
        env.merge(EmulatorConfig.demoV3Settings(origin: origin)) { $1 }
        return env
    }

    public func stop() async {
        await emulator.stop()
        try? FileManager.default.removeItem(at: home)
    }

    /// The emulator account a customer signs in with: a seeded customer owns one of the
    /// emulator's demo vehicles (`demo-N@carport.test`); anyone else gets a new account.
    public static func email(of customer: String) -> String {
        if let index = seeds.firstIndex(where: { $0.customer == customer }) { return "demo-\(index + 1)@carport.test" }
        let slug = customer.lowercased().unicodeScalars.map {
            CharacterSet.alphanumerics.contains($0) ? String($0) : "-"
        }.joined()
        return "\(slug)@customers.carport.test"
    }

    /// What the demo's keys do: move the shared clock, and approve in Connect as the customer.
    public var controls: DemoControls {
        let clock = self.clock
        return DemoControls(
            timeWarp: { clock.advance(by: $0) },
            approve: { purpose, urls in
                try await Self.approve(urls, email: Self.email(of: purpose.customer))
            })
    }

    /// What the customer's browser does: Connect with the emulator's approval shortcut, then the
    /// redirect to the catcher; or, to a hosted callback page, nothing more: the customer sends
    /// back the page's address (returned), which Carport takes like the text the page copies.
    public static func approve(_ urls: ConnectURLs, email: String) async throws -> String? {
        var components = URLComponents(string: urls.full)!
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "emulator_auto", value: "approve"),
                URLQueryItem(name: "emulator_email", value: email),
            ]
        // The transport follows no redirect, so the Location can be read and followed by hand.
        let (_, response) = try await CurlTransport.shared.send(URLRequest(url: components.url!))
        guard let location = response.value(forHTTPHeaderField: "Location"), let callback = URL(string: location) else {
            throw CarportError(.connect, "The emulator's Connect did not redirect back to the catcher.")
        }
        if urls.hostedPage != nil { return location }
        _ = try await CurlTransport.shared.send(URLRequest(url: callback))
        return nil
    }
}
