import Foundation

/// The regions of Smartcar's compatibility matrix (docs/SMARTCAR.md §5.9): `US`, `CA` and
/// `EUROPE`, chosen from a country code the way an operator knows it.
public enum MatrixRegion: String, Sendable, Equatable, CaseIterable {
    case unitedStates = "US", canada = "CA", europe = "EUROPE"

    /// The countries Smartcar serves in Europe (the EEA, the UK and Switzerland).
    static let europeanCountries: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
        "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB", "CH",
    ]

    /// The region of a country code (or of a region name), or a usage error naming what works.
    public static func of(country text: String) throws -> MatrixRegion {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        if let region = MatrixRegion(rawValue: code) { return region }
        if europeanCountries.contains(code) { return .europe }
        throw CarportError(
            .usage,
            "Smartcar's matrix covers the US, Canada and Europe; `\(TerminalText.sanitized(text))` is none of them. "
                + "Give --country as US, CA or a European country code such as DE.")
    }
}
