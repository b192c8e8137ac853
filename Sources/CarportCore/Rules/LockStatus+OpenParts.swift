extension LockStatus.Part {
    /// Whether Smartcar says this part is open: `OPEN` for a door, window, sunroof, trunk or
    /// charging port, `UNLOCKED` for a lock. Any other status (`CLOSED`, `LOCKED`, `UNKNOWN`, or
    /// a value Smartcar adds later) is not reported as open.
    public var isOpen: Bool { status == "OPEN" || status == "UNLOCKED" }
}

extension LockStatus {
    /// The parts Smartcar reports open, in the order doors, windows, sunroof, storage, charging port.
    public var openParts: [Part] { (doors + windows + sunroof + storage + chargingPort).filter(\.isOpen) }
}
