import CCurl
import Foundation

extension CurlTransport {
    /// The failures of making a connection. They say nothing of an earlier attempt: libcurl
    /// reconnects by itself after a reused connection dies, so one can follow a sent request.
    static let connectCodes: [CURLcode] = [
        CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST,
        CURLE_COULDNT_CONNECT, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
        CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
        CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
        CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
    ]

    /// A failed transfer as a `TransportFailure`: `sent` says whether the server may have seen the
    /// request (`CurlTransfer.mayHaveBeenSent`), whatever the error code. Reasons are fixed words:
    /// never libcurl's error text, which may quote the request.
    static func failure(_ code: CURLcode, sent: Bool, osError: Int32) -> TransportFailure {
        TransportFailure(sent ? .answerLost : .notSent, reason(code, sent: sent, osError: osError))
    }

    private static func reason(_ code: CURLcode, sent: Bool, osError: Int32) -> String {
        switch code {
        case _ where sent && connectCodes.contains(code): "the connection closed after the request was sent"
        case CURLE_COULDNT_RESOLVE_HOST: "unknown host"
        case CURLE_COULDNT_RESOLVE_PROXY: "unknown proxy host"
        case CURLE_COULDNT_CONNECT:
            switch osError {
            case ECONNREFUSED: "connection refused"
            case ENETUNREACH, EHOSTUNREACH: "host unreachable"
            default: "could not connect"
            }
        case CURLE_UNSUPPORTED_PROTOCOL: "unsupported URL scheme"
        case CURLE_URL_MALFORMAT: "malformed URL"
        case CURLE_PEER_FAILED_VERIFICATION: "the server's TLS certificate is not trusted"
        case CURLE_SSL_CACERT_BADFILE: "the CA certificates could not be read"
        case _ where connectCodes.contains(code): "TLS handshake failed"
        case CURLE_OPERATION_TIMEDOUT: sent ? "no answer within the timeout" : "could not connect within the timeout"
        case CURLE_GOT_NOTHING: "the server closed the connection without answering"
        case CURLE_RECV_ERROR: osError == ECONNRESET ? "connection reset" : "connection lost while receiving"
        case CURLE_SEND_ERROR: osError == ECONNRESET ? "connection reset" : "connection lost while sending"
        case CURLE_SEND_FAIL_REWIND: "the connection closed before any answer"
        case CURLE_PARTIAL_FILE: "the answer was cut short"
        case CURLE_WEIRD_SERVER_REPLY: "the answer was not HTTP"
        case CURLE_HTTP2, CURLE_HTTP2_STREAM: "the HTTP/2 stream failed"
        case CURLE_OUT_OF_MEMORY: "out of memory"
        default: "libcurl error \(code.rawValue)"
        }
    }
}
