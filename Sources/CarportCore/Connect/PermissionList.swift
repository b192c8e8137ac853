/// Permissions as an operator types them on the command line: `--scope` repeated, or several in
/// one value separated by spaces or commas; `required:` kept.
public enum PermissionList {
    public static func parse(_ texts: [String]) -> [String] {
        texts.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) }
    }
}
