import Foundation
import SwoopModel

/// What a route handler answers: a status and body bytes, kept as data so an idempotent write can store
/// its first answer and replay it byte for byte.
public struct APIResponse: Sendable {
    public var status: Int
    public var body: Data
    public var contentType: String

    public init(status: Int, body: Data, contentType: String) {
        self.status = status; self.body = body; self.contentType = contentType
    }

    static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> APIResponse {
        APIResponse(status: status, body: try APICoding.encode(value), contentType: "application/json")
    }

    static func error(_ e: APIError) -> APIResponse {
        // Encoding three strings cannot fail; a fallback keeps this path free of `try`.
        let data = (try? APICoding.encode(e.body)) ?? Data(#"{"error":{"code":"internal","message":"error"}}"#.utf8)
        return APIResponse(status: e.status, body: data, contentType: "application/json")
    }

    static var noContent: APIResponse { APIResponse(status: 204, body: Data(), contentType: "application/json") }

    /// Stored form for the idempotency table: the status on the first line, then the body.
    var stored: Data {
        var d = Data("\(status) \(contentType)\n".utf8)
        d.append(body)
        return d
    }

    init?(stored: Data) {
        guard let nl = stored.firstIndex(of: 0x0A) else { return nil }
        let head = String(decoding: stored[stored.startIndex..<nl], as: UTF8.self).split(separator: " ", maxSplits: 1)
        guard head.count == 2, let status = Int(head[0]) else { return nil }
        self.init(status: status, body: Data(stored[(nl + 1)...]), contentType: String(head[1]))
    }
}
