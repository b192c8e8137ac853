/// What Smartcar answered to a compatibility check by VIN (docs/SMARTCAR.md §5.9): whether the
/// vehicle is compatible at all and, per endpoint of each permission asked, whether it is capable.
public struct CompatibilityAnswer: Sendable, Equatable {
    public struct Capability: Sendable, Equatable {
        public var permission: String
        /// The endpoint the answer is about (`/battery`), when Smartcar named one.
        public var endpoint: String?
        public var capable: Bool
        /// Set when not capable: `VEHICLE_NOT_CAPABLE`, `SMARTCAR_NOT_CAPABLE`, or another code.
        public var reason: String?

        public init(permission: String, endpoint: String?, capable: Bool, reason: String?) {
            self.permission = permission
            self.endpoint = endpoint
            self.capable = capable
            self.reason = reason
        }
    }

    public var compatible: Bool
    /// Set when not compatible: `VEHICLE_NOT_COMPATIBLE`, `MAKE_NOT_COMPATIBLE`, or another code.
    public var reason: String?
    /// Empty when not compatible, and outside the US (Smartcar checks capabilities there only).
    public var capabilities: [Capability]

    public init(compatible: Bool, reason: String?, capabilities: [Capability]) {
        self.compatible = compatible
        self.reason = reason
        self.capabilities = capabilities
    }
}
