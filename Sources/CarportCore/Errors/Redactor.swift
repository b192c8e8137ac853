import Foundation

/// Removes secrets from texts that come back from Smartcar or the network before they can reach
/// a log, an error message or the screen. Smartcar echoes tokens in some `error_description`s
/// ("Invalid refresh_token: 3e56….").
public enum Redactor {
    public static let placeholder = "‹redacted›"

    /// Labels after which Smartcar (or a proxy) may echo a credential.
    private static let labels = ["refresh_token", "access_token", "client_secret", "code", "token", "secret"]
    /// Authorization schemes, followed by a space and the credential.
    private static let schemes = ["Bearer", "Basic"]

    /// `text` with every known secret and every value after a credential label replaced.
    public static func redact(_ text: String, secrets: [Secret] = []) -> String {
        var result = text
        for secret in secrets where secret.reveal().count >= 4 {
            result = result.replacingOccurrences(of: secret.reveal(), with: placeholder)
        }
        for label in labels {
            result = redactValues(after: "\\b\(label)\\b\"?\\s*[:=]\\s*\"?", in: result)
        }
        for scheme in schemes {
            result = redactValues(after: "\\b\(scheme)\\s+", in: result)
        }
        return result
    }

    /// Replaces the value that follows `prefix` (a regular expression, matched case-insensitively),
    /// keeping a sentence's closing full stop.
    private static func redactValues(after prefix: String, in text: String) -> String {
        let pattern = "(?i)(\(prefix))([^\\s&\"',;]+?)(\\.?)(?=$|[\\s&\"',;])"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: "$1\(placeholder)$3")
    }
}
