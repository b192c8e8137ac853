import CarportCore
import Testing

@Suite struct CompatibilityReportTests {
    typealias Capability = CompatibilityAnswer.Capability

    static func report(_ answer: CompatibilityAnswer, country: String = "US") -> CompatibilityReport {
        CompatibilityReport(
            query: CompatibilityQuery(
                vin: "5YJ3E1EA7NF100001", country: country, permissions: ["read_battery", "read_fuel", "read_vin"]),
            answer: answer)
    }

    @Test func everyPermissionCapableExitsZero() {
        let answer = CompatibilityAnswer(
            compatible: true, reason: nil,
            capabilities: ["read_battery", "read_fuel", "read_vin"].map {
                Capability(permission: $0, endpoint: "/x", capable: true, reason: nil)
            })
        let report = Self.report(answer)
        #expect(report.verdict == .capable && report.verdict.exitCode == 0)
        #expect(report.sentence == "Compatible and capable of every permission asked.")
        #expect(report.rows.allSatisfy { $0.capable == true && $0.words == "capable" })
    }

    @Test func aPermissionNotCapableAnywhereExitsThreeAndIsNamed() {
        let answer = CompatibilityAnswer(
            compatible: true, reason: nil,
            capabilities: [
                Capability(permission: "read_battery", endpoint: "/battery", capable: true, reason: nil),
                Capability(
                    permission: "read_battery", endpoint: "/battery/capacity", capable: false,
                    reason: "SMARTCAR_NOT_CAPABLE"),
                Capability(permission: "read_fuel", endpoint: "/fuel", capable: false, reason: "VEHICLE_NOT_CAPABLE"),
                Capability(permission: "read_vin", endpoint: "/vin", capable: true, reason: nil),
            ])
        let report = Self.report(answer)
        #expect(report.verdict == .notCapable && report.verdict.exitCode == 3)
        #expect(report.notCapable == ["read_fuel"])
        #expect(report.sentence.contains("not capable of 1 of 3 permissions asked (read_fuel)"))
        #expect(report.rows[0].capable == true)
        #expect(report.rows[0].words.hasPrefix("capable, except /battery/capacity: Smartcar does not support"))
        #expect(report.rows[1].words == "the vehicle cannot do this (e.g. no tank or battery)")
    }

    @Test func anIncompatibleVehicleExitsFourWithTheReasonInWords() {
        let report = Self.report(
            CompatibilityAnswer(compatible: false, reason: "MAKE_NOT_COMPATIBLE", capabilities: []))
        #expect(report.verdict == .notCompatible && report.verdict.exitCode == 4)
        #expect(report.sentence.hasPrefix("Not compatible: Smartcar does not serve this make in that country yet."))
        #expect(report.rows.allSatisfy { $0.capable == false && $0.reason == "MAKE_NOT_COMPATIBLE" })
    }

    @Test func outsideTheUSPermissionsAreUnknownAndDoNotFail() {
        let report = Self.report(CompatibilityAnswer(compatible: true, reason: nil, capabilities: []), country: "DE")
        #expect(report.verdict == .capable)
        #expect(report.unanswered == ["read_battery", "read_fuel", "read_vin"])
        #expect(report.rows.allSatisfy { $0.capable == nil && $0.words == "not checked outside the US" })
        #expect(report.sentence.hasSuffix("(it checks permissions for US vehicles only)."))
    }
}
