/// Characters for terminals without UTF-8: line drawing becomes `+-|`, symbols become letters.
public enum Glyphs {
    public static func ascii(_ character: Character) -> Character {
        switch character {
        case "─": "-"
        case "│": "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": "+"
        case "●": "*"
        case "…": "~"
        case "▲": "^"
        case "▼": "v"
        case "▸", "›", "→": ">"
        case "←": "<"
        case "↑": "^"
        case "↓": "v"
        case "·": "-"
        case "–", "—": "-"
        case "▏": "_"
        case "✓": "+"
        case "✗": "x"
        case "“", "”": "\""
        case "◐", "◓", "◑", "◒": "*"
        case "█": "#"
        case "▀": "\""
        case "▄": ","
        default: character.isASCII ? character : "?"
        }
    }
}
