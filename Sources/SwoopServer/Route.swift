import Hummingbird
import SwoopModel

/// One API operation: method, path, what it takes and how it is handled. The router and the OpenAPI
/// document are both built from the list of these, so the document cannot miss a route.
public struct Route: Sendable {
    /// Who may call the route before its own checks run.
    public enum Access: Sendable {
        /// No key needed (health, metrics, the OpenAPI document).
        case open
        /// A valid key (any scope) is required; the handler then checks what this caller may do.
        case authenticated
    }

    /// What the request body must be.
    public enum Body: Sendable {
        case none
        /// A JSON object with exactly these fields (unknown fields are refused).
        case json([FieldSpec])
        /// Raw bytes (code artifacts).
        case raw
    }

    /// A documented query parameter.
    public struct Query: Sendable {
        public var name: String
        public var type: FieldType
        public var doc: String
        public init(_ name: String, _ type: FieldType, _ doc: String) {
            self.name = name; self.type = type; self.doc = doc
        }
        static let cursor = Query("cursor", .string, "opaque cursor from the previous page's nextCursor")
        static let limit = Query("limit", .integer, "page size, 1...1000 (default 100)")
        static let paging = [cursor, limit]
    }

    public let method: HTTPRequest.Method
    /// The path with `{name}` parameters, as Hummingbird and OpenAPI both spell it.
    public let path: String
    public let operationID: String
    public let summary: String
    public let tag: String
    public let access: Access
    public let body: Body
    public let query: [Query]
    /// The record (schema name) the route answers with, for the document.
    public let responds: String
    let handler: @Sendable (RouteCall) async throws -> APIResponse

    init(
        _ method: HTTPRequest.Method, _ path: String, _ operationID: String, _ summary: String, tag: String,
        access: Access = .authenticated, body: Body = .none, query: [Query] = [], responds: String,
        handler: @escaping @Sendable (RouteCall) async throws -> APIResponse
    ) {
        self.method = method; self.path = path; self.operationID = operationID; self.summary = summary
        self.tag = tag; self.access = access; self.body = body; self.query = query; self.responds = responds
        self.handler = handler
    }

    /// Names of the `{...}` segments of the path.
    public var pathParameters: [String] {
        path.split(separator: "/").compactMap { seg in
            seg.hasPrefix("{") && seg.hasSuffix("}") ? String(seg.dropFirst().dropLast()) : nil
        }
    }
}
