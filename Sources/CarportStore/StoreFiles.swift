import CarportCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the store lives and the file rules of the README's security model: the folder 0700, the
/// database and the key 0600, all of them the user's own. A path that others can read, or that
/// another user owns, is refused the way ssh refuses a private key: on a shared server other users
/// can create files and links wherever they may write.
public struct StoreFiles: Sendable, Equatable {
    public var home: URL
    public var database: URL
    public var key: URL
    /// The refresh lock file (byte-range locks, docs/CODEBASE.md).
    public var lock: URL
    /// Set when the operator named the key file (`CARPORT_KEY_FILE`): it may then be a symlink (a
    /// mounted secret is one) and belong to root, but must still be private.
    public var keyIsNamed: Bool

    public init(home: URL, keyFile: URL? = nil) {
        self.home = home
        database = home.appendingPathComponent("carport.sqlite")
        key = keyFile ?? home.appendingPathComponent("key")
        lock = home.appendingPathComponent("refresh.lock")
        keyIsNamed = keyFile != nil
    }

    /// The key file a rekey writes before its transaction and renames after it.
    package var pendingKey: URL { key.appendingPathExtension("new") }

    /// The folder that holds the key (the home, unless `CARPORT_KEY_FILE` names another).
    var keyFolder: URL { key.deletingLastPathComponent() }

    /// Creates the folder (0700 from the start) when missing; refuses one that others can enter or
    /// that belongs to another user, and a key folder that belongs to another user.
    package func prepareHome() throws {
        try Self.makePrivateFolder(home)
        try Self.refuseForeign(home, allowRoot: false, folder: true)
        try Self.refuseExposed(home, folder: true)
        if keyFolder.standardizedFileURL.path != home.standardizedFileURL.path {
            try Self.refuseForeign(keyFolder, allowRoot: keyIsNamed, folder: true)
        }
    }

    /// `mkdir(path, 0700)` for `url` and each missing folder above it, so that none of them is ever
    /// open to others, even for an instant. The umask can only take bits away from 0700: when it
    /// took the owner's, they are given back to the folders made here.
    static func makePrivateFolder(_ url: URL) throws {
        var missing: [String] = []
        var path = url.standardizedFileURL.path
        var info = stat()
        while path != "/", !path.isEmpty, lstat(path, &info) != 0, errno == ENOENT {
            missing.append(path)
            path = (path as NSString).deletingLastPathComponent
        }
        for path in missing.reversed() {
            if mkdir(path, 0o700) == 0 {
                chmod(path, 0o700)
            } else if errno != EEXIST {
                throw CarportError(
                    .store,
                    """
                    Cannot create the data folder \(path): \(String(cString: strerror(errno))). \
                    Create it yourself (mkdir -m 700 '\(path)'), or point CARPORT_HOME at a folder of yours.
                    """)
            }
        }
    }

    /// Throws `.unsafePermissions` when group or others have any access to `url`.
    public static func refuseExposed(_ url: URL, folder: Bool = false) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw CarportError(.store, "Cannot read the mode of \(url.path): \(String(cString: strerror(errno))).")
        }
        if let error = exposed(info, url, folder: folder) { throw error }
    }

    /// Throws `.unsafePermissions` when `url` (followed if a link) belongs to another user.
    static func refuseForeign(_ url: URL, allowRoot: Bool, folder: Bool = false) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw CarportError(.store, "Cannot read the owner of \(url.path): \(String(cString: strerror(errno))).")
        }
        if let error = foreign(info, url, allowRoot: allowRoot, folder: folder) { throw error }
    }

    static func exposed(_ info: stat, _ url: URL, folder: Bool) -> CarportError? {
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return nil }
        let wanted = folder ? "700" : "600"
        return CarportError(
            .unsafePermissions,
            """
            Permissions \(String(format: "%04o", mode)) for '\(url.path)' are too open.
            Carport's \(folder ? "data folder" : "store and key files") must not be accessible by others: they hold customers' tokens.
            Fix it with: chmod \(wanted) '\(url.path)'
            """)
    }

    static func foreign(_ info: stat, _ url: URL, allowRoot: Bool, folder: Bool) -> CarportError? {
        let me = geteuid()
        guard info.st_uid != me, !(allowRoot && info.st_uid == 0) else { return nil }
        let owner = userName(info.st_uid)
        let way =
            folder
            ? "Point CARPORT_HOME (or CARPORT_KEY_FILE) at a folder of yours, or run carport as \(owner) (sudo -u \(owner) carport …)."
            : "If you did not put it there, remove it and tell your administrator; else run carport as \(owner) (sudo -u \(owner) carport …)."
        return CarportError(
            .unsafePermissions,
            """
            '\(url.path)' belongs to another user (\(owner)), not to you (\(userName(me))). Carport keeps customers' \
            tokens only in files and folders of the user who runs it, as another user could read or replace them. \
            \(way)
            """)
    }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }
}
