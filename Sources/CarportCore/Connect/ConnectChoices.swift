/// What an operator chose on the Connect form besides the customer: the permissions to request
/// (nil: the configured ones), a VIN that makes Connect offer that vehicle alone
/// (`single_select_vin`, docs/SMARTCAR.md §2.1), and the country whose brands Connect lists.
public struct ConnectChoices: Sendable, Equatable {
    public var scopes: [String]?
    public var singleSelectVIN: String?
    /// An ISO 3166 code (`ConnectFlags.countryCode`), sent as the `country` flag.
    public var country: String?
    /// Other Connect flags, each `name:value` (`ConnectFlags.parse`).
    public var flags: [String]
    /// The kind of connection to link; nil: `ApplicationKind.connectDefault`.
    public var kind: ApplicationKind?

    public init(scopes: [String]? = nil, singleSelectVIN: String? = nil, country: String? = nil, flags: [String] = []) {
        self.scopes = scopes
        self.singleSelectVIN = singleSelectVIN
        self.country = country
        self.flags = flags
    }
}
