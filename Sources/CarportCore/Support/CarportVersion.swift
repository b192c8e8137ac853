/// Carport's version, as `carport --version` and the User-Agent show it.
public enum CarportVersion {
    public static let current = "0.1.0"
}
