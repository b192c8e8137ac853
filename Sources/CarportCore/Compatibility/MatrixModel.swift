/// One line of the compatibility matrix: a model of a make, the model years, the powertrain and
/// what Smartcar supports for it.
public struct MatrixModel: Sendable, Equatable {
    public var make: String
    public var model: String
    public var startYear: Int
    public var endYear: Int
    /// `ICE`, `BEV`, `PHEV` or `HEV`.
    public var powertrain: String
    public var permissions: [String]
    /// Smartcar's names for the features (`EV battery`, `Lock & unlock`).
    public var features: [String]

    public init(
        make: String, model: String, startYear: Int, endYear: Int, powertrain: String, permissions: [String],
        features: [String]
    ) {
        self.make = make
        self.model = model
        self.startYear = startYear
        self.endYear = endYear
        self.powertrain = powertrain
        self.permissions = permissions
        self.features = features
    }

    /// `2018–2022`, or one year.
    public var years: String { startYear == endYear ? "\(startYear)" : "\(startYear)–\(endYear)" }
}
