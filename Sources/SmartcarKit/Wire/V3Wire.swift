import CarportCore
import Foundation

/// `POST /oauth2/token` with `grant_type=client_credentials` (docs/SMARTCAR.md §10.2): no refresh token.
public struct AppTokenResponse: Decodable, Sendable {
    public var accessToken: Secret
    public var tokenType: String?
    public var expiresIn: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in"
    }
}

/// A JSON:API list page (docs/SMARTCAR.md §10.4). Paging keys differ between Smartcar's pages
/// (`meta.pageNumber` or `meta.page`, `links.next`): only `totalCount` and `next` are read.
public struct V3ListWire<Item: Decodable & Sendable>: Decodable, Sendable {
    public struct Meta: Decodable, Sendable { public var totalCount: Int? }
    public struct Links: Decodable, Sendable { public var next: String? }

    public var data: [Item]
    public var meta: Meta?
    public var links: Links?
}

/// One resource, sent as `{"data": …}` or bare (both appear in Smartcar's examples, §10.4).
public struct V3ResourceWire<Item: Decodable & Sendable>: Decodable, Sendable {
    public var item: Item

    enum CodingKeys: String, CodingKey { case data }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        item = try container.decodeIfPresent(Item.self, forKey: .data) ?? Item(from: decoder)
    }
}

/// `GET /v3/connections` item.
public struct V3ConnectionWire: Decodable, Sendable {
    public struct Attributes: Decodable, Sendable {
        public var permissions: [String]?
        public var vehicle: V3VehicleWire.Attributes?
    }
    public struct Relationships: Decodable, Sendable {
        public var vehicle: Reference?
        public var user: Reference?
    }
    public struct Reference: Decodable, Sendable {
        public struct Target: Decodable, Sendable { public var id: String }
        public var data: Target?
    }

    public var id: String
    public var attributes: Attributes?
    public var relationships: Relationships?
}

/// `GET /v3/vehicles/{id}` (docs/SMARTCAR.md §10.4); `year` is a number, rarely a string.
public struct V3VehicleWire: Decodable, Sendable {
    public struct Attributes: Decodable, Sendable {
        public var make: String?
        public var model: String?
        public var year: Int?
        public var powertrainType: String?
        public var mode: String?

        enum CodingKeys: String, CodingKey { case make, model, year, powertrainType, mode }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            make = try c.decodeIfPresent(String.self, forKey: .make)
            model = try c.decodeIfPresent(String.self, forKey: .model)
            year =
                (try? c.decodeIfPresent(Int.self, forKey: .year))
                ?? (try? c.decodeIfPresent(String.self, forKey: .year)).flatMap { $0.flatMap { Int($0) } }
            powertrainType = try c.decodeIfPresent(String.self, forKey: .powertrainType)
            mode = try c.decodeIfPresent(String.self, forKey: .mode)
        }
    }

    public var id: String
    public var attributes: Attributes?
}

/// One signal (docs/SMARTCAR.md §10.4): `attributes.status.value` is `SUCCESS`, `ERROR` (with
/// `error`) or `UNAVAILABLE`; `body` holds `value` (a number or a flag) and `unit`, or a location.
public struct V3SignalWire: Decodable, Sendable {
    public struct Attributes: Decodable, Sendable {
        public var code: String
        public var status: Status?
        public var body: Body?
    }
    public struct Status: Decodable, Sendable {
        public var value: String
        public var error: Failure?
    }
    public struct Failure: Decodable, Sendable {
        public var type: String?
        public var code: String?
        public var description: String?
    }
    public struct Body: Decodable, Sendable {
        public var value: Value?
        public var unit: String?
        public var latitude: Double?
        public var longitude: Double?
    }
    public enum Value: Decodable, Sendable, Equatable {
        case number(Double), flag(Bool)

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let flag = try? c.decode(Bool.self) {
                self = .flag(flag)
            } else {
                self = .number(try c.decode(Double.self))
            }
        }
    }
    public struct Meta: Decodable, Sendable {
        public var retrievedAt: V3Timestamp?
        public var oemUpdatedAt: V3Timestamp?
    }

    public var attributes: Attributes
    public var meta: Meta?
}

/// A v3 time: epoch milliseconds (Smartcar's SDK fixtures) or an ISO 8601 text (§11).
public struct V3Timestamp: Decodable, Sendable, Equatable {
    public var date: Date?

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let millis = try? c.decode(Double.self) {
            date = Date(timeIntervalSince1970: millis / 1000)
        } else {
            date = ISOTimestamp.parse(try c.decode(String.self))
        }
    }
}

/// The answer to a v3 command (`command-execution`); read leniently, as a 202's body is undocumented.
public struct V3CommandWire: Decodable, Sendable {
    public struct Execution: Decodable, Sendable {
        public var id: String?
        public var attributes: Attributes?
    }
    public struct Attributes: Decodable, Sendable {
        public var status: V3SignalWire.Status?
    }

    public var data: Execution?
}
