import CNcurses
import CarportTUI

/// What one `get_wch` call produced.
public enum Input: Sendable, Equatable {
    case key(Key)
    case resize
    /// Timeout, or a key Carport does not use.
    case none
}

/// Turns `get_wch` results into keys.
public enum KeyDecoder {
    public static func decode(status: Int32, code: UInt32) -> Input {
        if status == KEY_CODE_YES { return function(Int32(bitPattern: code)) }
        guard status == OK else { return .none }
        switch code {
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 9: return .key(.tab)
        case 1...26: return .key(.ctrl(Character(UnicodeScalar(code + 96)!)))
        default:
            guard let scalar = UnicodeScalar(code), code >= 32 else { return .none }
            return .key(.char(Character(scalar)))
        }
    }

    private static func function(_ code: Int32) -> Input {
        switch code {
        case KEY_RESIZE: .resize
        case KEY_UP: .key(.up)
        case KEY_DOWN: .key(.down)
        case KEY_LEFT: .key(.left)
        case KEY_RIGHT: .key(.right)
        case KEY_PPAGE: .key(.pageUp)
        case KEY_NPAGE: .key(.pageDown)
        case KEY_HOME: .key(.home)
        case KEY_END: .key(.end)
        case KEY_ENTER: .key(.enter)
        case KEY_BACKSPACE: .key(.backspace)
        case KEY_DC: .key(.delete)
        case KEY_BTAB: .key(.tab)
        default: .none
        }
    }
}
