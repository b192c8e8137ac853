import Foundation

/// The OSC 52 escape that asks the terminal (also through SSH and tmux with `set-clipboard`)
/// to put text on the system clipboard.
public enum OSC52 {
    public static func sequence(copying text: String) -> String {
        "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
    }
}
