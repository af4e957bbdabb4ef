import Foundation
import SwoopModel
import SwoopStore

/// An error the API answers with: an HTTP status and the JSON body `{"error": {code, message, field}}`.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String
    public var field: String?

    public init(status: Int, code: String, message: String, field: String? = nil) {
        self.status = status; self.code = code; self.message = message; self.field = field
    }

    public var description: String { "\(status) \(code): \(message)" + (field.map { " (field \($0))" } ?? "") }

    static func badRequest(_ code: String, _ message: String, field: String?) -> APIError {
        APIError(status: 400, code: code, message: message, field: field)
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(status: 401, code: "unauthorized", message: message, field: "Authorization")
    }

    static func forbidden(_ message: String, field: String? = nil) -> APIError {
        APIError(status: 403, code: "forbidden", message: message, field: field)
    }

    static func notFound(_ message: String, field: String? = nil) -> APIError {
        APIError(status: 404, code: "not_found", message: message, field: field)
    }

    /// The store's refusals as HTTP answers: a missing record is 404, a clash or an illegal move 409,
    /// a bad argument 400, a database failure 503 (the client may retry; never a 500).
    public init(_ error: StoreError, field: String? = nil) {
        switch error {
        case .notFound:
            self.init(status: 404, code: "not_found", message: error.description, field: field)
        case .conflict:
            self.init(status: 409, code: "conflict", message: error.description, field: field)
        case .leaseLost:
            self.init(status: 409, code: "lease_lost", message: error.description, field: field)
        case .illegalTransition:
            self.init(status: 409, code: "illegal_transition", message: error.description, field: field ?? "state")
        case .invalid(let f, _):
            self.init(status: 400, code: "invalid", message: error.description, field: f)
        case .backend:
            self.init(status: 503, code: "unavailable", message: error.description, field: nil)
        }
    }

    var body: APIErrorBody { APIErrorBody(code: code, message: message, field: field) }
}
