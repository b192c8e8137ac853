import Foundation
import SmartcarKit

/// `POST …/batch`: every item is answered like its own GET; the outer status is 200.
extension VehicleAPI {
    func batch(_ body: Data, caller: Caller) async -> APIReply {
        guard let request = try? JSONDecoder().decode(BatchRequest.self, from: body) else {
            return .validation(
                "requests", "\"requests\" is required: an array of {\"path\": …}", requestId: caller.requestId)
        }
        var responses: [[String: Any]] = []
        for item in request.requests {
            var path = item.path
            if path.count > 1, path.hasSuffix("/") { path.removeLast() }
            if path == "/" { path = "" }
            let reply = await vehicle("GET", path, body: Data(), query: nil, caller: caller)
            let headers = Dictionary(reply.headers.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
            let itemBody = (try? JSONSerialization.jsonObject(with: reply.body)) ?? [:]
            responses.append(["path": item.path, "code": reply.status, "headers": headers, "body": itemBody])
        }
        return APIReply(
            status: 200, body: VehicleReadings.json(["responses": responses]),
            headers: [Units.header(imperial: caller.imperial)])
    }
}
