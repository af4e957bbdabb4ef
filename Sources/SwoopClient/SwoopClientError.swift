import Foundation
import NIOCore
import NIOHTTP1

/// Why a client call failed: the server's JSON error (with its HTTP status), or a transport failure.
public enum SwoopClientError: Error, Sendable, CustomStringConvertible {
    /// The server answered with an error body `{"error": {code, message, field}}`.
    case server(status: Int, code: String, message: String, field: String?)
    /// The server's answer could not be read as the expected JSON shape.
    case badResponse(status: Int, reason: String)
    /// The call was not sent: an argument cannot make a valid request.
    case invalidArgument(String)
    /// The request never got an answer (connection refused, timeout) after the allowed retries.
    case transport(String)

    public var description: String {
        switch self {
        case .server(let status, let code, let message, let field):
            return "server error \(status) \(code): \(message)" + (field.map { " (field \($0))" } ?? "")
        case .badResponse(let status, let reason): return "unreadable response (\(status)): \(reason)"
        case .transport(let reason): return "no response: \(reason)"
        case .invalidArgument(let reason): return "not sent: \(reason)"
        }
    }

    /// The server refused a write made under a queue item's lease that is no longer the caller's.
    public var isLeaseLost: Bool {
        if case .server(409, "lease_lost", _, _) = self { return true }
        return false
    }

    /// The HTTP status when the server answered.
    public var status: Int? {
        switch self {
        case .server(let s, _, _, _), .badResponse(let s, _): return s
        case .transport, .invalidArgument: return nil
        }
    }

    /// The server's error code (`not_found`, `conflict`, ...) when it sent one.
    public var code: String? {
        if case .server(_, let c, _, _) = self { return c }
        return nil
    }
}
