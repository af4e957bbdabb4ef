import Foundation
import Hummingbird
import SwoopModel

/// Answers whatever escapes the routes (no such path, wrong method) in the API's JSON error shape.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let env: ServerEnvironment

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as any HTTPResponseError {
            let code: String
            let message: String
            switch e.status.code {
            case 404: (code, message) = ("not_found", "no route \(request.method.rawValue) \(request.uri.path)")
            case 405: (code, message) = ("method_not_allowed", "\(request.method.rawValue) is not allowed on \(request.uri.path)")
            case 413: (code, message) = ("body_too_large", "request body too large")
            default: (code, message) = ("bad_request", "\(e.status.reasonPhrase)")
            }
            let status = e.status.code >= 500 ? 400 : e.status.code
            return RouteDispatcher.response(.error(APIError(status: status, code: code, message: message, field: status == 404 ? "path" : nil)))
        } catch {
            env.logger.error("unhandled error", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            return RouteDispatcher.response(.error(APIError(status: 500, code: "internal", message: "internal error")))
        }
    }
}
