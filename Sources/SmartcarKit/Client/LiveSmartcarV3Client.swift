import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension SmartcarPaths {
    /// Smartcar's IAM service: the application token (docs/SMARTCAR.md §10.2).
    public static let appToken = "/oauth2/token"
    public static let v3Connections = "/v3/connections"

    public static func v3Vehicle(_ id: String, _ sub: String = "") -> String { "/v3/vehicles/\(id)\(sub)" }
    public static func v3User(_ id: String) -> String { "/v3/users/\(id)" }
}

extension SmartcarPaths.Header {
    /// The Smartcar user a v3 call acts for (docs/SMARTCAR.md §10.4).
    public static let userId = "sc-user-id"
}

/// Vehicle API v3 with an application token (docs/SMARTCAR.md §10), through the transport, retry
/// policy and error parser every Smartcar client shares. The API client secret goes on the wire
/// only to the IAM origin, as form fields as Smartcar's reference shows; it and every token are
/// redacted from every error text.
public struct LiveSmartcarV3Client: SmartcarV3API {
    let apiClientId: String
    let apiClientSecret: Secret
    let iamOrigin: URL
    let origin: URL
    let clock: any WallClock
    let http: SmartcarHTTP

    /// Throws a configuration error when the API client id or secret is missing.
    public init(
        configuration: Configuration, clock: any WallClock = SystemClock(),
        random: any RandomSource = SystemRandom(),
        transport: any HTTPTransport = CurlTransport.shared, policy: RetryPolicy = .standard,
        sleep: @escaping @Sendable (TimeInterval) async throws -> Void = LiveSmartcarClient.taskSleep
    ) throws {
        self.apiClientId = try configuration.requireAPIClientId()
        self.apiClientSecret = try configuration.requireAPIClientSecret()
        self.iamOrigin = configuration.iamOrigin
        self.origin = configuration.vehicleAPIV3Origin
        self.clock = clock
        self.http = SmartcarHTTP(transport: transport, policy: policy, random: random, sleep: sleep)
    }

    /// Retried like a read: a second token request only yields a second token.
    public func appToken() async throws -> AppToken {
        var request = URLRequest(
            url: LiveSmartcarClient.url(iamOrigin, SmartcarPaths.appToken), timeoutInterval: http.policy.timeout)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        let form = [
            ("grant_type", "client_credentials"), ("client_id", apiClientId),
            ("client_secret", apiClientSecret.reveal()),
        ]
        request.httpBody = Data(FormEncoding.encode(form).utf8)
        let what = "the application token request"
        let issuedAt = clock.now()
        let body: Data
        do {
            (body, _) = try await http.perform(request, replay: .read, what: what, secrets: [apiClientSecret])
        } catch let error as CarportError where [400, 401].contains(error.details?.statusCode) {
            throw Self.credentialsError(error)
        }
        let answer: AppTokenResponse = try http.decode(body, what: what, replay: .read)
        guard !answer.accessToken.isEmpty, answer.expiresIn > 0 else {
            throw CarportError(.transient, "Smartcar answered \(what) without a usable token. Try again later.")
        }
        return AppToken(
            token: answer.accessToken, expiresAt: issuedAt.addingTimeInterval(TimeInterval(answer.expiresIn)))
    }

    /// 400 or 401 at the IAM origin: the API credentials, never a customer's grant.
    static func credentialsError(_ error: CarportError) -> CarportError {
        let secret = Configuration.Settings.apiClientSecret
        return CarportError(
            .configuration,
            "Smartcar refused the API credentials for the application token "
                + "(\(error.details?.name ?? "HTTP") \(error.details?.statusCode ?? 0)). Check "
                + "\(Configuration.Settings.apiClientId.variable) (`client_…`) and \(secret.variable) (or "
                + "\(Configuration.fileVariable(secret))) against the API Credentials tab of the Smartcar dashboard."
                + (error.details?.quotedRequestId ?? ""),
            details: error.details)
    }

    /// Sends one Vehicle API v3 request for `userId` (nil: the whole app, no `sc-user-id`); a 401
    /// becomes `.appTokenRejected`.
    func send(
        _ method: String, _ path: String, query: [(String, String)] = [], userId: String?, token: Secret,
        replay: SmartcarHTTP.Replay, what: String
    ) async throws -> (Data, HTTPURLResponse) {
        let timeout = method == "POST" ? http.policy.commandTimeout : http.policy.timeout
        var request = URLRequest(url: LiveSmartcarClient.url(origin, path, query: query), timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("Bearer \(token.reveal())", forHTTPHeaderField: "Authorization")
        if let userId { request.setValue(userId, forHTTPHeaderField: SmartcarPaths.Header.userId) }
        do {
            return try await http.perform(request, replay: replay, what: what, secrets: [token, apiClientSecret])
        } catch let error as CarportError where error.details?.statusCode == 401 {
            throw CarportError(
                .appTokenRejected,
                "Smartcar rejected the application token for \(what) (401). A new token is fetched once; if that "
                    + "is refused too, check the API credentials in the Smartcar dashboard."
                    + (error.details?.quotedRequestId ?? ""),
                details: error.details)
        }
    }
}
