/// A failure of the test machinery itself (no port, a fake called unscripted), as opposed to a
/// failure of the code under test: its text says which.
public struct CarportTestError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
