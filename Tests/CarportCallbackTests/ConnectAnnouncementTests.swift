import CarportCallback
import Foundation
import Testing

@Suite struct ConnectAnnouncementTests {
    static let addresses = ConnectSession.Addresses(
        connectURL: URL(string: "https://connect.example/oauth/authorize?state=s")!,
        shortURL: URL(string: "http://localhost:8000/")!, redirectURI: "http://localhost:8000/callback", port: 8000)

    @Test func plainTextWhenStderrIsNotATerminal() {
        let text = ConnectAnnouncement(
            addresses: Self.addresses, sshCommand: "ssh -L 8000:localhost:8000 ops@h",
            timeout: .seconds(600), stderrIsTerminal: false)
        #expect(text.stdoutLine == "https://connect.example/oauth/authorize?state=s")
        #expect(!text.stderrText.contains("\u{1B}"))
        #expect(text.stderrText.contains("http://localhost:8000/"))
        #expect(text.stderrText.contains("    ssh -L 8000:localhost:8000 ops@h\n"))
        #expect(text.stderrText.contains("Waiting up to 10 minutes"))
    }

    @Test func withoutACatcherItAsksForThePaste() {
        var addresses = Self.addresses
        addresses.shortURL = nil
        addresses.port = nil
        addresses.redirectURI = "https://example.com/cb"
        let text = ConnectAnnouncement(
            addresses: addresses, sshCommand: nil, timeout: .seconds(90),
            stderrIsTerminal: false)
        #expect(text.stderrText.contains("Open the Connect URL above"))
        #expect(text.stderrText.contains("https://example.com/cb is not on this machine"))
        #expect(text.stderrText.contains("Waiting up to 90 seconds"))
    }

    @Test func withAHostedPageItSaysWhatTheCustomerSeesAndWhatToAskFor() {
        var addresses = Self.addresses
        addresses.shortURL = nil
        addresses.port = nil
        addresses.redirectURI = "https://fleet.example/connected/"
        addresses.hostedPage = true
        let text = ConnectAnnouncement(
            addresses: addresses, sshCommand: "ssh -L 8000:localhost:8000 ops@h", timeout: .seconds(600),
            stderrIsTerminal: false)
        #expect(text.stderrText.contains("Send the customer the Connect URL above."))
        #expect(text.stderrText.contains("your callback page (https://fleet.example/connected/)"))
        #expect(text.stderrText.contains("copies a short text (code=…&state=…)"))
        #expect(text.stderrText.contains("Ask them to send you that text, then paste it here and press Enter."))
        #expect(!text.stderrText.contains("ssh -L") && !text.stderrText.contains("address the browser ended on"))
    }

    @Test func linkAndClipboardOnATerminal() {
        let text = ConnectAnnouncement(
            addresses: Self.addresses, sshCommand: nil, timeout: .seconds(600),
            stderrIsTerminal: true)
        #expect(text.stdoutLine == "https://connect.example/oauth/authorize?state=s")
        #expect(text.stderrText.contains("\u{1B}]8;;http://localhost:8000/\u{1B}\\"))
        let copied = Data("https://connect.example/oauth/authorize?state=s".utf8).base64EncodedString()
        #expect(text.stderrText.contains("\u{1B}]52;c;\(copied)\u{07}"))
        #expect(!text.stderrText.contains("ssh -L"))
    }
}
