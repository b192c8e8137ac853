/// Which vehicles and credentials Connect accepts (protocol §8).
public enum ConnectMode: String, Sendable, Codable, CaseIterable {
    case live, simulated, test
}
