import ArgumentParser
import CarportApp
import CarportCallback
import CarportCore
import Foundation

/// Runs one Connect session in a terminal for `connect` and `reauth`: announces the URLs, opens
/// a browser when asked and possible, feeds pasted lines from stdin, reports refusals on stderr,
/// and returns how the session ended.
struct ConnectRunner {
    var openBrowser: Bool
    /// `--qr`: the Connect URL as a QR code on stderr, above the guidance.
    var qrCode = false
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Exit codes shared by `connect` and `reauth`.
    static let endedWithoutLinking: Int32 = 3
    static let failedAfterTheCode: Int32 = 4

    func run(_ session: ConnectSession, timeout: Duration) async throws -> ConnectFlowLinker.Linked {
        let addresses = try await CommandFailure.reporting { try await session.start() }
        let announcement = ConnectAnnouncement(
            addresses: addresses,
            sshCommand: addresses.port.flatMap { SSHTunnelHint.command(port: $0, environment: environment) },
            timeout: timeout, stderrIsTerminal: isatty(STDERR_FILENO) == 1)
        // Written at once, unbuffered: a script waits for this line.
        FileHandle.standardOutput.write(Data((announcement.stdoutLine + "\n").utf8))
        if qrCode { Self.stderr(QRCodeOutput.text(for: addresses.connectURL)) }
        Self.stderr(announcement.stderrText)
        // Never the Connect URL, nor the short URL, in a child's argv (`Browser`).
        var page: URL?
        if openBrowser, let shortURL = addresses.shortURL, environment["SSH_CONNECTION"] == nil,
            environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil
        {
            page = Browser.open(shortURL, environment: environment)
        }
        defer { if let page { try? FileManager.default.removeItem(at: page) } }
        readPastedLines(into: session)
        // Reports on stderr; tells whether a valid callback arrived (it picks the exit code).
        let observer = Task {
            var accepted = false
            for await event in session.events {
                switch event {
                case .rejected(let source, let rejection):
                    Self.stderr(ConnectSession.refusal(source, rejection) + "\n")
                case .accepted:
                    accepted = true
                    Self.stderr("Authorization received; fetching the vehicles…\n")
                case .ready, .linked, .failed: break
                }
            }
            return accepted
        }
        let outcome = await session.outcome()
        let accepted = await observer.value
        switch outcome {
        case .success(let linked):
            return linked
        case .failure(let error):
            _ = CommandFailure.fail(error)
            throw ExitCode(accepted ? Self.failedAfterTheCode : Self.endedWithoutLinking)
        }
    }

    /// `--timeout`: a duration as `DurationText` reads it, from 1 second to 1 hour.
    static func parseTimeout(_ text: String) throws -> Duration {
        guard let seconds = DurationText.parse(text), (1...3600).contains(seconds) else {
            throw ValidationError("--timeout takes a duration from 1s to 1h, such as 90s or 10m; got `\(text)`.")
        }
        return .seconds(seconds)
    }

    /// A plain thread reads stdin, so a blocking read never holds a cooperative thread.
    private func readPastedLines(into session: ConnectSession) {
        let thread = Thread {
            while let line = readLine() {
                Task {
                    if await session.paste(line) == nil, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                        Self.stderr(ConnectSession.notARedirect + "\n")
                    }
                }
            }
        }
        thread.start()
    }

    static func stderr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
