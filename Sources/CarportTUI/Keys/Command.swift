/// What a key binding asks for. The reducer interprets a command in the current screen.
public enum Command: String, Sendable, Hashable, CaseIterable {
    case quit, help, back
    case up, down, pageUp, pageDown, top, bottom
    case open, filter, invertFilter, sort, group
    case refresh, refreshAllDue, reauthorize, disconnect, connect
    case liveData, lock, unlock, stopWaiting
    case paste, copyURL, toggleQRCode
    case timeWarp, simulateApproval

    /// Whether the command changes anything (tokens, the store, a vehicle): `--read-only` disables it.
    public var isMutating: Bool {
        switch self {
        case .refresh, .refreshAllDue, .reauthorize, .disconnect, .connect, .lock, .unlock, .paste: true
        default: false
        }
    }

    /// Only `carport demo` offers it.
    public var isDemoOnly: Bool { self == .timeWarp || self == .simulateApproval }
}

/// Where a binding applies.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    case list, detail, connect

    public var title: String {
        switch self {
        case .list: "Vehicle list"
        case .detail: "Vehicle detail"
        case .connect: "Connect"
        }
    }
}
