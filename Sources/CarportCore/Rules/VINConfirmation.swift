import Foundation

/// What an operator types before a vehicle is disconnected: the last six characters of its VIN
/// (or of its Smartcar id when `read_vin` was not granted), compared without regard to case or
/// surrounding spaces. The CLI's prompt and the TUI's overlay both use it.
public struct VINConfirmation: Sendable, Equatable {
    /// The characters to type, upper-cased.
    public let expected: String
    /// `VIN` or `vehicle id`, for the prompt and the refusal.
    public let what: String

    public init(_ vehicle: Vehicle) {
        expected = String((vehicle.vin ?? vehicle.id).suffix(6)).uppercased()
        what = vehicle.vin == nil ? "vehicle id" : "VIN"
    }

    public func accepts(_ typed: String) -> Bool {
        typed.trimmingCharacters(in: .whitespaces).uppercased() == expected
    }

    /// The question before the operator types (its values sanitised for the terminal).
    public func prompt(_ vehicle: Vehicle, customer: String) -> String {
        let title = TerminalText.sanitized("\(vehicle.make) \(vehicle.model) \(vehicle.year) of \(customer)")
        return "Disconnect \(title)? "
            + "This revokes access and cannot be undone.\n"
            + "Type the last \(expected.count) characters of its \(what) to confirm: "
    }

    /// What the operator is told when the typed text does not match.
    public var refusal: String { "That is not the end of the \(what); nothing was disconnected." }

    /// Why a disconnect without a terminal and without `--yes` is refused.
    public static let noTerminal =
        "Refusing to disconnect without a terminal to confirm on. Re-run with --yes if you are sure."
}
