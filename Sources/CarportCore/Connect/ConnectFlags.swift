/// The `flags` a Connect URL carries (docs/SMARTCAR.md §2.1): `--country XX` as `country:XX`,
/// which picks Connect's brand list and must match a simulated vehicle's region, and any other
/// `name:value` passed through as typed. One rule for the CLI and the UI's form.
public enum ConnectFlags {
    /// The flags for `country` (nil or empty: none) and `others` (`name:value` each).
    public static func parse(country: String?, others: [String] = []) throws -> [ConnectRequest.Flag] {
        var flags: [ConnectRequest.Flag] = []
        if let country, !country.isEmpty { flags.append(ConnectRequest.Flag("country", try countryCode(country))) }
        for text in others {
            let flag = try parse(text)
            if flags.contains(where: { $0.name == flag.name }) {
                throw CarportError(.usage, "The Connect flag `\(flag.name)` is given twice; keep one.")
            }
            flags.append(flag)
        }
        return flags
    }

    /// An ISO 3166-1 alpha-2 code, upper-cased (`de` → `DE`).
    public static func countryCode(_ text: String) throws -> String {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 2, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw CarportError(
                .usage,
                "The country must be a two-letter ISO 3166 code such as US, CA, DE or GB; got `\(text)`.")
        }
        guard code != "UK" else {
            throw CarportError(.usage, "Smartcar uses ISO 3166 codes: GB for the United Kingdom, not UK.")
        }
        return code
    }

    private static func parse(_ text: String) throws -> ConnectRequest.Flag {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let allowed = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" }
        guard parts.count == 2, let name = parts.first.map(String.init), !name.isEmpty,
            name.unicodeScalars.allSatisfy(allowed), !parts[1].isEmpty,
            !parts[1].contains(where: { $0.isWhitespace || $0.isNewline })
        else {
            throw CarportError(
                .usage,
                "A Connect flag is written name:value without spaces (e.g. `tesla_auth:true`); got `\(text)`.")
        }
        if name == "country" { return ConnectRequest.Flag(name, try countryCode(String(parts[1]))) }
        return ConnectRequest.Flag(name, String(parts[1]))
    }
}
