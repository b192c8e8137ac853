import Foundation
import SmartcarKit

/// One Vehicle API answer before it becomes an HTTP response (or a batch item).
struct APIReply: Sendable {
    var status: Int
    var body: Data
    var headers: [(String, String)] = []

    static func ok(_ value: some Encodable, headers: [(String, String)] = []) -> APIReply {
        APIReply(status: 200, body: EmulatorResponse.encode(value), headers: headers)
    }

    static func error(
        _ type: String, _ code: String?, requestId: String, detail: [V2ErrorBody.Detail]? = nil,
        resolutionURL: String? = nil, headers: [(String, String)] = []
    ) -> APIReply {
        let body = V2ErrorCatalog.body(
            type: type, code: code, requestId: requestId, detail: detail,
            resolutionURL: resolutionURL)
        return APIReply(status: body.statusCode, body: EmulatorResponse.encode(body), headers: headers)
    }

    static func validation(_ field: String, _ message: String, requestId: String) -> APIReply {
        error("VALIDATION", nil, requestId: requestId, detail: [.init(field: [field], message: message)])
    }

    var response: EmulatorResponse {
        EmulatorResponse(status: status, headers: [("Content-Type", EmulatorResponse.jsonType)] + headers, body: body)
    }
}

/// Metric ↔ imperial for the `SC-Unit-System` header (docs/SMARTCAR.md §5.3).
enum Units {
    static func distance(_ km: Double, imperial: Bool) -> Double { round2(imperial ? km / 1.609344 : km) }
    static func volume(_ liters: Double, imperial: Bool) -> Double { round2(imperial ? liters / 3.785411784 : liters) }
    static func pressure(_ kPa: Double, imperial: Bool) -> Double { round2(imperial ? kPa * 0.1450377 : kPa) }
    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    static func header(imperial: Bool) -> (String, String) {
        (SmartcarPaths.Header.unitSystem, imperial ? "imperial" : "metric")
    }
}
