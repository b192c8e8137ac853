import CCurl
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One request on its way through a `CurlMultiLoop`. `cancelRequested` and `continuation` are
/// guarded by the loop's lock; everything else after `init` belongs to the loop thread.
final class CurlTransfer: @unchecked Sendable {
    struct Outcome: Sendable {
        var status: Int
        var httpVersion: String
        var headers: [String: String]
        var body: Data
    }

    /// Answers larger than this fail instead of filling memory.
    static let maxBodyBytes = 64 << 20

    let url: URL
    private let method: String
    private let headerLines: [String]
    private let body: Data?
    private let timeoutMilliseconds: Int

    var cancelRequested = false
    var continuation: CheckedContinuation<Outcome, Error>?

    var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var responseHeaders: [(name: String, value: String)] = []
    private var responseBody = Data()
    private var tooLarge = false
    private var uploaded = 0
    /// Set for requests without a body that are not GET or HEAD: they use one new connection.
    private var freshConnection = false

    /// Throws `.notSent` for a request libcurl must not be given.
    init(_ request: URLRequest) throws {
        guard let url = request.url, let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw TransportFailure(.notSent, "unsupported URL")
        }
        var lines: [String] = []
        for (name, value) in request.allHTTPHeaderFields ?? [:] {
            // A line break would smuggle a header; the value itself is never quoted.
            guard !name.contains(where: \.isNewline), !value.contains(where: \.isNewline), !name.contains(":") else {
                throw TransportFailure(.notSent, "a request header is malformed")
            }
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        lines.append("Expect:") // no 100-continue round trip before a body
        let seconds = request.timeoutInterval.isFinite && request.timeoutInterval > 0 ? request.timeoutInterval : 60
        self.url = url
        self.method = (request.httpMethod ?? "GET").uppercased()
        self.headerLines = lines
        self.body = request.httpBody
        self.timeoutMilliseconds = max(1, Int((seconds * 1000).rounded(.up)))
    }

    /// Sets every option on a fresh or reset easy handle. False when libcurl refused one.
    func configure(_ handle: UnsafeMutableRawPointer) -> Bool {
        var ok = true
        func check(_ code: CURLcode) { if code != CURLE_OK { ok = false } }
        check(cc_setopt_string(handle, CURLOPT_URL, url.absoluteString))
        check(cc_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(cc_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check(cc_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        check(cc_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds))
        check(cc_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(10_000, timeoutMilliseconds)))
        let context = Unmanaged.passUnretained(self).toOpaque()
        uploaded = 0
        switch method {
        case "GET": break
        case "HEAD": check(cc_setopt_long(handle, CURLOPT_NOBODY, 1))
        default:
            if method != "POST" { check(cc_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)) }
            if let body, !body.isEmpty {
                check(setUpload(handle, size: body.count, context: context))
            } else {
                if method == "POST" { check(setUpload(handle, size: 0, context: context)) }
                // Nothing to rewind, so nothing stops libcurl's resend on a reused connection.
                check(cc_setopt_long(handle, CURLOPT_FRESH_CONNECT, 1))
                freshConnection = true
            }
        }
        for line in headerLines {
            guard let list = curl_slist_append(headerList, line) else { return false }
            headerList = list
        }
        check(cc_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        check(
            cc_setopt_write_function(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
            })
        check(cc_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        check(
            cc_setopt_write_function(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
                return size * count
            })
        check(cc_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        return ok
    }

    /// The body goes up through a read callback with no way to rewind it. libcurl resends a
    /// request by itself when a reused connection closes before any answer; that would send a
    /// grant or a command twice. Without a rewind it fails instead (`CURLE_SEND_FAIL_REWIND`),
    /// and the failure is `.answerLost`.
    private func setUpload(_ handle: UnsafeMutableRawPointer, size: Int, context: UnsafeMutableRawPointer) -> CURLcode {
        for code in [
            cc_setopt_long(handle, CURLOPT_POST, 1),
            cc_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(size)),
            cc_setopt_read_function(handle, CURLOPT_READFUNCTION) { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.sendBody(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
            },
            cc_setopt_pointer(handle, CURLOPT_READDATA, context),
        ] where code != CURLE_OK {
            return code
        }
        return CURLE_OK
    }

    private func sendBody(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let body, uploaded < body.count else { return 0 }
        let chunk = body[(body.startIndex + uploaded)...].prefix(buffer.count)
        chunk.copyBytes(to: buffer)
        uploaded += chunk.count
        return chunk.count
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard responseBody.count + bytes.count <= Self.maxBodyBytes else {
            tooLarge = true
            return false
        }
        responseBody.append(contentsOf: bytes)
        return true
    }

    /// Keeps the headers of the last response only: a status line (after `100 Continue`, or a
    /// proxy's CONNECT answer) starts afresh.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: "HTTP/".utf8) {
            responseHeaders.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.trimmed(bytes[..<colon])
        let value = Self.trimmed(bytes[(colon + 1)...])
        if !name.isEmpty { responseHeaders.append((name, value)) }
    }

    /// The bytes as text without surrounding spaces, tabs or line ends.
    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) })
        else {
            return ""
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[first...last]), as: UTF8.self)
    }

    /// Whether the server may have seen this request, after a failure (`code`) or a cancellation (nil).
    /// - With a body: only if some of it was handed to libcurl. The body follows the head and goes
    ///   out only through `sendBody`, so a server cannot have acted on a request whose body never
    ///   left, even when libcurl reconnected by itself after a reused connection died.
    /// - Without one: if any request byte went out (`CURLINFO_REQUEST_SIZE`, over every attempt).
    ///   That count includes a proxy's `CONNECT`, so on a fresh connection (the only one such a
    ///   transfer uses) a failure to connect means nothing of the request itself left.
    func mayHaveBeenSent(failure code: CURLcode?) -> Bool {
        if let body, !body.isEmpty { return uploaded > 0 }
        guard let easy else { return false }
        var requestBytes = 0
        _ = cc_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestBytes)
        if requestBytes == 0 { return false }
        if freshConnection, let code, CurlTransport.connectCodes.contains(code) { return false }
        return true
    }

    /// What the finished transfer produced, read from its easy handle.
    func outcome(_ code: CURLcode) -> Result<Outcome, Error> {
        guard let easy else { return .failure(TransportFailure(.notSent, "the transfer never started")) }
        guard code == CURLE_OK else {
            if code == CURLE_WRITE_ERROR && tooLarge {
                return .failure(TransportFailure(.answerLost, "the answer was too large"))
            }
            var osError = 0
            _ = cc_getinfo_long(easy, CURLINFO_OS_ERRNO, &osError)
            return .failure(CurlTransport.failure(code, sent: mayHaveBeenSent(failure: code), osError: Int32(osError)))
        }
        var status = 0
        var version = 0
        _ = cc_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        _ = cc_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        guard status >= 100 else { return .failure(TransportFailure(.answerLost, "the answer was not HTTP")) }
        var headers: [String: String] = [:]
        for (name, value) in responseHeaders {
            if let earlier = headers[name] { headers[name] = "\(earlier), \(value)" } else { headers[name] = value }
        }
        return .success(
            Outcome(status: status, httpVersion: Self.versionName(version), headers: headers, body: responseBody))
    }

    private static func versionName(_ version: Int) -> String {
        switch version { // CURL_HTTP_VERSION_1_0, _2_0, _3
        case 1: "HTTP/1.0"
        case 3: "HTTP/2"
        case 30: "HTTP/3"
        default: "HTTP/1.1"
        }
    }

    /// Frees what libcurl was given for this transfer (the easy handle goes back to the loop).
    func releaseCurlState() {
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        easy = nil
    }
}
