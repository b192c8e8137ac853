import Foundation

/// What an operator types before `carport reconcile --disconnect-orphans` ends connections at
/// Smartcar: the number of connections to remove, as `VINConfirmation` asks for a VIN's end before
/// one vehicle is disconnected.
public struct OrphanRemovalConfirmation: Sendable, Equatable {
    /// The text to type.
    public let expected: String

    public init(count: Int) { expected = String(count) }

    public func accepts(_ typed: String) -> Bool {
        typed.trimmingCharacters(in: .whitespaces) == expected
    }

    /// The question before the operator types.
    public var prompt: String {
        "Remove these \(expected) connection(s) at Smartcar? The customers' vehicles stop being connected to this "
            + "application and this cannot be undone.\nType \(expected) to confirm: "
    }

    /// What the operator is told when the typed text does not match.
    public var refusal: String { "That is not \(expected); nothing was removed at Smartcar." }

    /// Why a removal without a terminal and without `--yes` is refused.
    public static let noTerminal =
        "Refusing to remove connections at Smartcar without a terminal to confirm on. Re-run with --yes if you are sure."
}
