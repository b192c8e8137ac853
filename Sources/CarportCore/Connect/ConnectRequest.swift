/// Everything a Connect authorize URL can carry (docs/SMARTCAR.md §2.1).
public struct ConnectRequest: Sendable, Equatable {
    public struct Scope: Sendable, Equatable {
        public var name: String
        /// Written as `required:<name>`.
        public var required: Bool
        public init(_ name: String, required: Bool = false) {
            self.name = name
            self.required = required
        }
        /// Parses `read_vin` or `required:read_vin`.
        public init(parsing text: String) {
            if text.hasPrefix("required:") {
                self.init(String(text.dropFirst("required:".count)), required: true)
            } else {
                self.init(text)
            }
        }
        public var wireValue: String { required ? "required:\(name)" : name }
    }

    public enum SingleSelect: Sendable, Equatable {
        case enabled, disabled
        /// Offer only this VIN (`single_select_vin`, with `single_select=true`).
        case vin(String)
    }

    public struct Flag: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var clientId: String
    public var redirectURI: String?
    public var scopes: [Scope]
    public var state: String?
    public var forcePrompt: Bool
    public var mode: ConnectMode
    public var make: String?
    public var singleSelect: SingleSelect?
    public var flags: [Flag]
    public var user: String?

    public init(
        clientId: String, redirectURI: String? = nil, scopes: [Scope] = [], state: String? = nil,
        forcePrompt: Bool = false, mode: ConnectMode = .live, make: String? = nil,
        singleSelect: SingleSelect? = nil, flags: [Flag] = [], user: String? = nil
    ) {
        self.clientId = clientId
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.state = state
        self.forcePrompt = forcePrompt
        self.mode = mode
        self.make = make
        self.singleSelect = singleSelect
        self.flags = flags
        self.user = user
    }
}
