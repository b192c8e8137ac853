/// An optional that `--json` writes as `null` when it is absent, rather than leaving the key out:
/// the shapes in docs/JSON.md keep every key. Synthesized `Encodable` encodes the wrapper for
/// every key, so no type writes its own `encode(to:)` for this.
@propertyWrapper
public struct NullEncoded<Value: Encodable>: Encodable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension NullEncoded: Sendable where Value: Sendable {}
