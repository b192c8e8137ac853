import CarportCore

extension Connection {
    /// A classic connection's pair, for tests that know they hold one; a v3 connection stops the test.
    public var pair: TokenPair {
        get {
            guard let tokens else { preconditionFailure("Connection \(id) is a v3 connection: it has no pair.") }
            return tokens
        }
        set { credentials = .tokenPair(newValue) }
    }
}

extension ConnectionState {
    /// A classic connection's clocks, for tests that know they hold a pair.
    public var pair: TokenState {
        get {
            guard let tokens else { preconditionFailure("A v3 connection has no token clocks.") }
            return tokens
        }
        set { self = .tokenPair(newValue) }
    }
}
