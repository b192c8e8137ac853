import Foundation

/// How a write conditional on the pair it replaces ended (docs/SMARTCAR.md §4.5): a pair is only
/// ever written over the pair it was derived from, so a refresh and a re-auth cannot undo each other.
public enum PairWrite: Sendable, Equatable {
    /// The stored pair was still the one replaced: the write is committed.
    case written
    /// Another pair was stored meanwhile (another carport refreshed it, or a re-auth replaced it):
    /// nothing was written, and the caller adopts the stored pair instead of overwriting it.
    case superseded
}
