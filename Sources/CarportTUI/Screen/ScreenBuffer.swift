import CarportCore

/// One cell of the screen: a character and its role. The right half of a wide character is a
/// cell whose `character` is nil.
public struct Cell: Sendable, Equatable {
    public var character: Character?
    public var role: Role

    public init(_ character: Character?, _ role: Role = .normal) {
        self.character = character
        self.role = role
    }

    public static let blank = Cell(" ")
}

public struct Size: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// What the screen should show, drawn by `render` and flushed by CarportTerminal.
public struct ScreenBuffer: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(_ size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: max(0, size.width * size.height))
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Writes `text` at column `x` of row `y`, clipped at `maxWidth` columns and the right edge.
    /// Control characters and bidi overrides are drawn as visible placeholders (`TerminalText`):
    /// customer labels and Smartcar's texts reach the screen this way. Returns the column after the
    /// last one written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return x }
        let limit = min(size.width, x + (maxWidth ?? size.width))
        var column = x
        for character in TerminalText.sanitized(text) {
            let width = CharacterWidth.of(character)
            if width == 0 { continue }
            if column + width > limit { break }
            if column >= 0 {
                cells[y * size.width + column] = Cell(character, role)
                if width == 2 { cells[y * size.width + column + 1] = Cell(nil, role) }
            }
            column += width
        }
        return column
    }

    /// Fills `width` columns of row `y` from `x` with `character`.
    public mutating func fill(_ character: Character = " ", x: Int = 0, y: Int, width: Int? = nil, role: Role) {
        guard y >= 0, y < size.height else { return }
        let end = min(size.width, x + (width ?? size.width))
        for column in max(0, x)..<max(max(0, x), end) { cells[y * size.width + column] = Cell(character, role) }
    }

    /// Changes the role of `width` cells of row `y`, keeping their characters.
    public mutating func paint(x: Int = 0, y: Int, width: Int? = nil, role: Role) {
        guard y >= 0, y < size.height else { return }
        let end = min(size.width, x + (width ?? size.width))
        for column in max(0, x)..<max(max(0, x), end) { cells[y * size.width + column].role = role }
    }

    /// Copies `other` onto this buffer with its top left corner at (`x`, `y`), clipped at the edges.
    public mutating func place(_ other: ScreenBuffer, x: Int, y: Int) {
        for row in 0..<other.size.height where (0..<size.height).contains(y + row) {
            for column in 0..<other.size.width where (0..<size.width).contains(x + column) {
                cells[(y + row) * size.width + x + column] = other[column, row]
            }
        }
    }

    /// Row `y` as text (wide characters once, no continuation cells).
    public func line(_ y: Int) -> String {
        String((0..<size.width).compactMap { self[$0, y].character })
    }
}
