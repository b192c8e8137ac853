/// The compatibility services (docs/SMARTCAR.md §5.9), authenticated with the application's
/// client credentials rather than a vehicle's token. SmartcarKit's live client implements them
/// for API v2.0; a v3 application would implement `models` over `/v3/compatible-vehicles` and
/// has no check by VIN.
public protocol CompatibilityAPI: Sendable {
    func compatibility(_ query: CompatibilityQuery) async throws -> CompatibilityAnswer
    /// What Smartcar supports for `make` in `region` (the compatibility matrix).
    func models(make: String, region: MatrixRegion) async throws -> [MatrixModel]
}
