import CarportCore
import Foundation

/// One Connect session from a terminal or the TUI: builds the Connect URL with a fresh `state`,
/// opens the catcher (which also serves the short URL), accepts pasted redirect URLs, and hands
/// the first valid grant to `complete` (the linker). Observe it through `events`, or await
/// `outcome()`. A session that times out or fails closes its listeners and stores nothing.
public actor ConnectSession {
    public struct Settings: Sendable {
        /// Everything of the Connect URL except `state` and `redirect_uri`, which the session sets.
        public var request: ConnectRequest
        public var connectOrigin: URL
        /// `http://localhost:PORT/path` is caught here; any other redirect URI leaves pasting as
        /// the only way in. Port 0 picks a free port (tests).
        public var redirectURI: URL
        /// `reauthenticateVehicle` sends the customer to `/oauth/reauthenticate` for one vehicle
        /// (docs/SMARTCAR.md §2.4), whose success carries `vehicle_id` instead of a code.
        public var purpose: ConnectPurpose
        /// How long to wait for a callback: the code's lifetime by default.
        public var timeout: Duration
        public var headDeadline: Duration
        /// The redirect URI is the team's hosted callback page (`Configuration.CallbackPage.hosted`):
        /// no catcher, whatever the URI; the customer sends the text the page copies.
        public var hostedPage: Bool
        /// A v3 app's Connect answers with `user_id` instead of a code (docs/SMARTCAR.md §10.3).
        public var application: ApplicationKind

        public init(
            request: ConnectRequest, connectOrigin: URL, redirectURI: URL,
            purpose: ConnectPurpose, timeout: Duration = .seconds(600),
            headDeadline: Duration = .seconds(5), hostedPage: Bool = false, application: ApplicationKind = .classic
        ) {
            self.application = application
            self.request = request
            self.connectOrigin = connectOrigin
            self.redirectURI = redirectURI
            self.purpose = purpose
            self.timeout = timeout
            self.headDeadline = headDeadline
            self.hostedPage = hostedPage
        }
    }

    public struct Addresses: Sendable, Equatable {
        /// The long Connect URL.
        public var connectURL: URL
        /// `http://localhost:PORT/`, redirecting to `connectURL`; nil without a catcher.
        public var shortURL: URL?
        /// The redirect URI as sent (its port is the bound one).
        public var redirectURI: String
        /// The catcher's port; nil without a catcher.
        public var port: UInt16?
        /// The redirect URI is the team's hosted callback page (`Settings.hostedPage`).
        public var hostedPage: Bool

        public init(connectURL: URL, shortURL: URL?, redirectURI: String, port: UInt16?, hostedPage: Bool = false) {
            self.connectURL = connectURL
            self.shortURL = shortURL
            self.redirectURI = redirectURI
            self.port = port
            self.hostedPage = hostedPage
        }
    }

    public enum Source: String, Sendable { case browser, pasted }

    public enum Event: Sendable {
        case ready(Addresses)
        case rejected(Source, ConnectFlow.Rejection)
        /// A valid grant arrived; the code is being exchanged.
        case accepted(Source)
        case linked(ConnectFlowLinker.Linked)
        case failed(CarportError)
    }

    public typealias Completion =
        @Sendable (ConnectFlow.Grant, _ redirectURI: String) async throws
        -> ConnectFlowLinker.Linked

    public nonisolated let events: AsyncStream<Event>
    private let eventSink: AsyncStream<Event>.Continuation
    private let settings: Settings
    private let random: any RandomSource
    private let complete: Completion
    /// Nil until `start` chose the `state`.
    private var flow: ConnectFlow?
    private var catcher: CallbackCatcher?
    private var addresses: Addresses?
    private var timer: Task<Void, Never>?
    private var result: Result<ConnectFlowLinker.Linked, CarportError>?
    /// Set once the session started ending; `result` is set after the listeners are closed.
    private var ending = false
    private var waiters: [CheckedContinuation<Result<ConnectFlowLinker.Linked, CarportError>, Never>] = []

    public init(settings: Settings, random: any RandomSource, complete: @escaping Completion) {
        self.settings = settings
        self.random = random
        self.complete = complete
        (events, eventSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Opens the catcher and returns the addresses to show. Throws when the port is taken.
    public func start() async throws -> Addresses {
        if let addresses { return addresses }
        let state = random.state()
        flow = ConnectFlow(state: state, purpose: settings.purpose, application: settings.application)
        var redirect = settings.redirectURI
        if RedirectURI.isCaughtLocally(redirect), !settings.hostedPage {
            let catcher = CallbackCatcher(
                settings: .init(
                    port: UInt16(redirect.port ?? 80), callbackPath: Self.decodedPath(of: redirect),
                    headDeadline: settings.headDeadline),
                onCallback: { [weak self] query in
                    await self?.receive(query, from: .browser)
                        ?? .rejected(ConnectFlow.Rejection("This Connect session has ended.", cause: .ended))
                })
            let port = try await catcher.bind()
            redirect = Self.replacingPort(of: redirect, with: port)
            self.catcher = catcher
        }
        var request = settings.request
        request.state = state
        request.redirectURI = redirect.absoluteString
        let connectURL: URL
        switch settings.purpose {
        case .newConnection, .reauthorize:
            connectURL = ConnectURL.authorize(origin: settings.connectOrigin, request)
        case .reauthenticateVehicle(_, _, let vehicleId):
            connectURL = ConnectURL.reauthenticate(
                origin: settings.connectOrigin, clientId: request.clientId, vehicleId: vehicleId,
                redirectURI: request.redirectURI, state: state, user: request.user)
        }
        let port = await catcher?.port
        let shortLink = port.map { _ in ShortLink(target: connectURL, random: random) }
        let addresses = Addresses(
            connectURL: connectURL, shortURL: port.flatMap { shortLink?.url(port: $0) },
            redirectURI: redirect.absoluteString, port: port, hostedPage: settings.hostedPage)
        do {
            try await catcher?.serve(shortLink: shortLink)
        } catch {
            await catcher?.stop(grace: .zero)
            throw error as? CarportError ?? CarportError(.internal, "The callback catcher could not start: \(error)")
        }
        self.addresses = addresses
        let timeout = settings.timeout
        timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            await self?.expire()
        }
        eventSink.yield(.ready(addresses))
        return addresses
    }

    /// What the operator is told when a pasted line is no redirect URL at all.
    public static let notARedirect = "That is not a redirect URL (it has no ?code=… or ?error=… part). Still waiting."

    /// What the operator is told when a callback or a pasted URL was refused.
    public static func refusal(_ source: Source, _ rejection: ConnectFlow.Rejection) -> String {
        "Refused a \(source == .browser ? "callback" : "pasted URL"): \(rejection.reason) Still waiting."
    }

    /// A pasted redirect URL or query string. Nil when the text holds no query at all.
    public func paste(_ text: String) -> ConnectFlow.Decision? {
        guard let query = ConnectFlow.query(fromPasted: text) else { return nil }
        let redirect = addresses.flatMap { URL(string: $0.redirectURI) } ?? settings.redirectURI
        if let rejection = ConnectFlow.wrongAddress(pasted: text, redirectURI: redirect) {
            eventSink.yield(.rejected(.pasted, rejection))
            return .rejected(rejection)
        }
        return receive(query, from: .pasted)
    }

    /// Waits for the end: the linked connection, or why there is none.
    public func outcome() async -> Result<ConnectFlowLinker.Linked, CarportError> {
        if let result { return result }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// The operator gave up.
    public func cancel() async {
        guard flow?.phase == .waiting else { return }
        flow?.finish()
        await end(.failure(CarportError(.usage, "The Connect session was cancelled; nothing was stored.")))
    }

    private func receive(_ query: String, from source: Source) -> ConnectFlow.Decision {
        guard flow != nil else { return .rejected(ConnectFlow.Rejection("The Connect session has not started yet.")) }
        let decision = flow!.receive(query: query)
        switch decision {
        case .rejected(let rejection):
            eventSink.yield(.rejected(source, rejection))
        case .failed(let error):
            Task { await end(.failure(error)) }
        case .accepted(let grant):
            eventSink.yield(.accepted(source))
            timer?.cancel()
            let complete = self.complete
            let redirect = addresses?.redirectURI ?? settings.redirectURI.absoluteString
            Task {
                do {
                    await end(.success(try await complete(grant, redirect)))
                } catch let error as CarportError {
                    await end(.failure(error))
                } catch {
                    await end(.failure(CarportError(.internal, "Linking failed: \(error)")))
                }
            }
        }
        return decision
    }

    private func expire() async {
        guard flow?.phase == .waiting else { return }
        flow?.finish()
        await end(
            .failure(
                CarportError(
                    .connect,
                    """
                    No callback arrived within \(ConnectAnnouncement.describe(settings.timeout)), so the session ended \
                    and nothing was stored. Start a new session when the customer is ready.
                    """)))
    }

    private func end(_ outcome: Result<ConnectFlowLinker.Linked, CarportError>) async {
        guard !ending else { return }
        ending = true
        timer?.cancel()
        await catcher?.stop()
        result = outcome
        switch outcome {
        case .success(let linked): eventSink.yield(.linked(linked))
        case .failure(let error): eventSink.yield(.failed(error))
        }
        eventSink.finish()
        for waiter in waiters { waiter.resume(returning: outcome) }
        waiters = []
    }

    /// The path as the browser will request it, percent-decoded, trailing slash kept (`URL.path`
    /// drops it), so the catcher compares like with like.
    static func decodedPath(of url: URL) -> String {
        let raw = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? url.path
        return raw.removingPercentEncoding ?? raw
    }

    private static func replacingPort(of url: URL, with port: UInt16) -> URL {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        components.port = Int(port)
        return components.url!
    }
}
