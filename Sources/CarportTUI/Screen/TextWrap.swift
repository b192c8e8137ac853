/// The UI's word wrap, for the CLI's prose: lines of at most `width` columns, broken at spaces.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        Renderer.wrap(text, width: width)
    }
}
