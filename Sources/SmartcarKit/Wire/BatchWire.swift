/// `POST …/batch` (docs/SMARTCAR.md §5.6). The body of each item is arbitrary JSON, so the emulator and
/// the client treat it as raw JSON text.
public struct BatchRequest: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public var path: String
        public init(path: String) { self.path = path }
    }
    public var requests: [Item]
    public init(requests: [Item]) { self.requests = requests }
}
