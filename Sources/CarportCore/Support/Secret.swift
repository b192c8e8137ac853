import Foundation

/// A token or client secret. It never prints itself: `description`, `debugDescription`,
/// `dump` and string interpolation all show a placeholder. Call `reveal()` only at the
/// point where the value must go on the wire or into the sealed store.
public struct Secret: Sendable, Hashable, Codable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    private let value: String

    public init(_ value: String) { self.value = value }

    public init(from decoder: Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "‹redacted›" }
    public var debugDescription: String { "Secret(‹redacted›)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
