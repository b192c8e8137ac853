import Foundation

/// `GET /v2.0/management/connections` (docs/SMARTCAR.md §5.8): one page, newest first.
public struct ManagementConnectionsResponse: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var vehicleId: String
        public var userId: String
        public var mode: String?
        public var connectedAt: String?
    }

    /// `cursor` is null on the last page.
    public struct Paging: Codable, Sendable, Equatable {
        public var cursor: String?
    }

    public var connections: [Row]
    public var paging: Paging
}

/// `DELETE /v2.0/management/connections?vehicle_id=…|user_id=…`: what was removed.
public struct ManagementDeleteResponse: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var vehicleId: String
        public var userId: String
    }

    public var connections: [Row]
}
