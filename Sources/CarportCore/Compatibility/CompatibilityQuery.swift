/// A compatibility check: the VIN (already checked by `VINFormat`), its country (ISO 3166-1
/// alpha-2) and the permissions the Connect request would ask for.
public struct CompatibilityQuery: Sendable, Equatable {
    public var vin: String
    public var country: String
    public var permissions: [String]

    public init(vin: String, country: String, permissions: [String]) {
        self.vin = vin
        self.country = country
        self.permissions = permissions
    }
}
