import Foundation
import Testing

@testable import CarportApp

@Suite struct BrowserTests {
    @Test("the browser's argv names a private page, never the short URL that leads to the state")
    func theShortURLGoesThroughAPrivatePage() throws {
        let short = URL(string: "http://localhost:8000/c/0123456789abcdef0123456789abcdef")!
        let page = try Browser.privatePage(redirectingTo: short)
        defer { try? FileManager.default.removeItem(at: page.deletingLastPathComponent()) }
        #expect(!page.absoluteString.contains("0123456789abcdef"))
        let file = try FileManager.default.attributesOfItem(atPath: page.path)
        let folder = try FileManager.default.attributesOfItem(atPath: page.deletingLastPathComponent().path)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("content=\"0;url=\(short.absoluteString)\""))
    }
}
