/// Which vehicles and credentials Connect accepts (docs/SMARTCAR.md §8.1).
public enum ConnectMode: String, Sendable, Codable, CaseIterable {
    case live, simulated, test
}
