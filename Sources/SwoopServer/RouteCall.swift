import Foundation
import Hummingbird
import SwoopModel
import SwoopStore

/// One call of a route: its request, caller, checked body and the server's services.
struct RouteCall: Sendable {
    let request: Request
    let context: ServerContext
    let env: ServerEnvironment
    let principal: Principal
    let body: JSONBody
    let rawBody: Data?
    let now: Date

    var store: any Store { env.store }
    var access: Access { Access(principal: principal, store: env.store) }

    /// A path parameter that must be a well-formed id.
    func id<K>(_ name: String, as: Identifier<K>.Type = Identifier<K>.self) throws -> Identifier<K> {
        let raw = context.parameters.get(name) ?? ""
        let id = Identifier<K>(raw)
        guard id.isWellFormed else {
            throw APIError.badRequest("bad_id", "'\(raw)' is not a well-formed \(K.name) id", field: name)
        }
        return id
    }

    /// A path parameter as text (names); NUL characters and overlong values are refused.
    func parameter(_ name: String) throws -> String {
        let v = context.parameters.get(name) ?? ""
        guard !v.utf8.contains(0), v.utf8.count <= 512 else {
            throw APIError.badRequest("invalid", "path parameter '\(name)' is not a valid name", field: name)
        }
        return v
    }

    func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    func queryInt(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = query(name) else { return nil }
        guard let v = Int(text), range.contains(v) else {
            throw APIError.badRequest(
                "invalid_query", "query parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'",
                field: name)
        }
        return v
    }

    func queryInt64(_ name: String) throws -> Int64? {
        guard let text = query(name) else { return nil }
        guard let v = Int64(text), v >= 0 else {
            throw APIError.badRequest("invalid_query", "query parameter '\(name)' must be a non-negative integer, got '\(text)'", field: name)
        }
        return v
    }

    /// A comma-separated list of ids in the query (`?runs=a,b`); absent is empty.
    func queryIDs<K>(_ name: String, limit: Int, as: Identifier<K>.Type = Identifier<K>.self) throws -> [Identifier<K>] {
        guard let text = query(name), !text.isEmpty else { return [] }
        let ids = text.split(separator: ",", omittingEmptySubsequences: false).map { Identifier<K>(String($0)) }
        guard ids.count <= limit else {
            throw APIError.badRequest("invalid_query", "query parameter '\(name)' names \(ids.count) ids; at most \(limit) per request", field: name)
        }
        if let i = ids.firstIndex(where: { !$0.isWellFormed }) {
            throw APIError.badRequest("bad_id", "'\(ids[i].rawValue)' (item \(i) of '\(name)') is not a well-formed \(K.name) id", field: name)
        }
        return ids
    }

    func page() throws -> PageRequest {
        let limit = try queryInt("limit", in: 1...PageRequest.maxLimit) ?? PageRequest.defaultLimit
        let cursor = query("cursor")
        if let cursor, cursor.isEmpty || cursor.utf8.count > 64 || !cursor.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) {
            throw APIError.badRequest("invalid_query", "query parameter 'cursor' is not a cursor this server gave out", field: "cursor")
        }
        return PageRequest(cursor: cursor, limit: limit)
    }

    /// Seconds to long-poll (`wait=`), bounded by the server's limit.
    func waitSeconds() throws -> Int {
        try queryInt("wait", in: 0...env.configuration.maxWaitSeconds) ?? 0
    }
}
