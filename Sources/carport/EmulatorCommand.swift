import ArgumentParser
import CarportApp
import CarportCore
import Dispatch
import Foundation
import SmartcarEmulator

/// `carport emulator`: a local Smartcar in the foreground until Ctrl-C or SIGTERM.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run the local Smartcar emulator (Connect, token service, Vehicle API, admin API).",
        discussion: """
            Prints the export lines a client needs, then serves until Ctrl-C. The app comes from \
            SMARTCAR_CLIENT_ID, SMARTCAR_CLIENT_SECRET and SMARTCAR_REDIRECT_URI when set, demo values \
            otherwise. The admin API and test accounts are described in docs/EMULATOR.md.
            """)

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port: UInt16 = 8000

    @Option(help: "IPv4 address to listen on.")
    var host: String = "127.0.0.1"

    func run() async throws {
        var config = EmulatorConfig.fromEnvironment(ProcessInfo.processInfo.environment)
        config.host = host
        config.port = port
        let emulator = try await buildEmulator(config: config)
        do {
            try await emulator.start()
        } catch {
            throw CommandFailure.fail(
                CarportError(
                    .usage,
                    "Could not listen on \(host):\(port): \(error). Pick another --port, or 0 for any free one."))
        }
        write(Self.exports(config: config, baseURL: emulator.baseURL))
        await Self.waitForTermination()
        await emulator.stop()
        write("emulator stopped\n")
    }

    static func exports(config: EmulatorConfig, baseURL: URL) -> String {
        let origin = baseURL.absoluteString
        var lines = [
            "# Smartcar emulator listening on \(origin) (admin API: \(origin)/admin, see docs/EMULATOR.md)",
            "export SMARTCAR_CONNECT_ORIGIN=\(origin)",
            "export SMARTCAR_AUTH_ORIGIN=\(origin)/oauth/token",
            "export SMARTCAR_API_ORIGIN=\(origin)",
            "export SMARTCAR_VEHICLE_API_V3_ORIGIN=\(origin)",
            "export SMARTCAR_MANAGEMENT_API_ORIGIN=\(origin)",
            "export SMARTCAR_CLIENT_ID=\(config.clientId)",
            "export SMARTCAR_REDIRECT_URI=\(config.redirectURIs.first ?? "")",
        ]
        // The demo secret is a published constant; a real one stays where it came from.
        if config.clientSecret == EmulatorConfig.demoClientSecret {
            lines.append("export SMARTCAR_CLIENT_SECRET=\(config.clientSecret)")
        } else {
            lines.append("# SMARTCAR_CLIENT_SECRET: the value already in your environment")
        }
        return lines.joined(separator: "\n") + "\n# Ctrl-C stops the emulator.\n"
    }

    /// Waits for SIGINT or SIGTERM.
    static func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { once.fire() }
                source.resume()
                once.keep(source)
            }
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Resumes a continuation once and keeps the signal sources alive until then.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func keep(_ source: any DispatchSourceSignal) { lock.withLock { sources.append(source) } }

    func fire() {
        let pending = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}
