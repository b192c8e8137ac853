import CarportCore

/// What a cell means, not how it looks. CarportTerminal maps each role to a colour pair (or to
/// plain attributes on a monochrome terminal) in one place.
public enum Role: String, Sendable, Equatable, CaseIterable {
    case normal, title, header, footer, key, selected, border, dim, disabled, accent, input, error, badge
    case healthy, expiring, expired, keepAlive, critical, failing, reauth
    /// A QR code's cells: dark ink on a light ground on every terminal that has colours, `NO_COLOR`
    /// included (the two tones are the code itself, and a dark theme would invert it).
    case qrCode

    /// The colour role of a health state.
    public static func health(_ health: Health) -> Role {
        switch health {
        case .healthy: .healthy
        case .accessExpiring: .expiring
        case .accessExpired: .expired
        case .keepAliveDue: .keepAlive
        case .runwayCritical: .critical
        case .failing: .failing
        case .needsReauth: .reauth
        }
    }

    /// One letter per role for text snapshots (space for `normal`).
    public var code: Character {
        switch self {
        case .normal: " "
        case .title: "T"
        case .header: "H"
        case .footer: "F"
        case .key: "K"
        case .selected: "S"
        case .border: "B"
        case .dim: "d"
        case .disabled: "x"
        case .accent: "A"
        case .input: "I"
        case .error: "E"
        case .badge: "Y"
        case .healthy: "h"
        case .expiring: "e"
        case .expired: "p"
        case .keepAlive: "k"
        case .critical: "c"
        case .failing: "f"
        case .reauth: "r"
        case .qrCode: "Q"
        }
    }
}
