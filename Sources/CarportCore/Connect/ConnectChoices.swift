/// What an operator chose on the Connect form besides the customer: the permissions to request
/// (nil: the configured ones) and a VIN that makes Connect offer that vehicle alone
/// (`single_select_vin`, docs/SMARTCAR.md §2.1).
public struct ConnectChoices: Sendable, Equatable {
    public var scopes: [String]?
    public var singleSelectVIN: String?

    public init(scopes: [String]? = nil, singleSelectVIN: String? = nil) {
        self.scopes = scopes
        self.singleSelectVIN = singleSelectVIN
    }
}
