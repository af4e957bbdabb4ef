import Foundation
import Hummingbird
import Logging

/// Counts requests and times them by route pattern (not raw path, so ids do not explode the label set),
/// and writes one structured log line per request.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let env: ServerEnvironment

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        let elapsed = DispatchTime.now().uptimeNanoseconds &- start
        let route = context.endpointPath ?? "unmatched"
        env.metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code, nanoseconds: elapsed)
        context.logger.log(
            level: response.status.code >= 500 ? .error : .debug, "request",
            metadata: [
                "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(response.status.code)",
                "ms": "\(elapsed / 1_000_000)",
            ])
        return response
    }
}
