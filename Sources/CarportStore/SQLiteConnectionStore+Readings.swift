import CarportCore
import Foundation
import GRDB

/// The readings each vehicle cannot give (migration v4), remembered so live data skips them.
extension SQLiteConnectionStore {
    public func unsupportedReadings(vehicleId: String) async throws -> Set<String> {
        try await read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT reading FROM unsupported_readings WHERE vehicle_id = ?", arguments: [vehicleId]))
        }
    }

    public func rememberUnsupported(_ readings: Set<String>, vehicleId: String) async throws {
        let known = readings.intersection(LiveData.skippable)
        guard !known.isEmpty else { return }
        let now = clock.now().timeIntervalSinceReferenceDate
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM vehicles WHERE id = ?", arguments: [vehicleId]) != nil
            else { return }
            for reading in known.sorted() {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO unsupported_readings (vehicle_id, reading, learnt_at) VALUES (?, ?, ?)",
                    arguments: [vehicleId, reading, now])
            }
        }
    }
}
