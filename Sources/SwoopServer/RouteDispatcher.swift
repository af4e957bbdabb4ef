import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SwoopModel
import SwoopStore

/// Runs a route: authenticates, reads and checks the body, replays or records idempotent writes, calls
/// the handler, and turns every refusal into the JSON error shape.
struct RouteDispatcher: Sendable {
    let env: ServerEnvironment

    func respond(_ route: Route, request: Request, context: ServerContext) async -> Response {
        let result: APIResponse
        do {
            result = try await call(route, request: request, context: context)
        } catch let r as Replay {
            return Self.response(r.response, replayed: true)
        } catch let e as APIError {
            result = .error(e)
        } catch let e as StoreError {
            result = .error(APIError(e))
        } catch {
            // A bug, not the caller's fault; logged in full, answered without internals.
            env.logger.error("unhandled error", metadata: ["route": "\(route.operationID)", "error": "\(String(reflecting: error))"])
            result = .error(APIError(status: 500, code: "internal", message: "internal error"))
        }
        return Self.response(result)
    }

    static func response(_ r: APIResponse, replayed: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = r.contentType
        headers[.contentLength] = String(r.body.count)
        if replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return Response(
            status: HTTPResponse.Status(code: r.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: r.body)))
    }

    private func call(_ route: Route, request: Request, context: ServerContext) async throws -> APIResponse {
        let now = Date()
        let digest = try bearerDigest(route, request: request)
        guard let scoped = try idempotencyScope(request, digest: digest) else {
            let principal = try await authenticate(digest, replayKey: nil, now: now).principal
            return try await route.handler(try await routeCall(route, request: request, context: context, principal: principal, now: now))
        }
        // Held from before the stored answer is looked up until after it is recorded, so a retry racing
        // its first attempt in this process waits and replays.
        await env.inFlight.acquire(scoped)
        do {
            let answer = try await idempotent(route, request: request, context: context, digest: digest, scoped: scoped, now: now)
            await env.inFlight.release(scoped)
            return answer
        } catch {
            await env.inFlight.release(scoped)
            throw error
        }
    }

    /// Replays the stored answer for `scoped` (read with the caller's key, in one trip), or runs the
    /// handler and stores a 2xx answer.
    private func idempotent(
        _ route: Route, request: Request, context: ServerContext, digest: String?, scoped: String, now: Date
    ) async throws -> APIResponse {
        let (principal, stored) = try await authenticate(digest, replayKey: scoped, now: now)
        let routeCall = try await routeCall(route, request: request, context: context, principal: principal, now: now)
        if let stored, let replay = APIResponse(stored: stored) {
            throw Replay(response: replay)
        }
        let answer = try await route.handler(routeCall)
        if (200..<300).contains(answer.status) {
            let first = try await env.store.recordIdempotent(key: scoped, response: answer.stored, now: now)
            return APIResponse(stored: first) ?? answer
        }
        return answer
    }

    /// The request with its body read and checked against the route's fields.
    private func routeCall(
        _ route: Route, request: Request, context: ServerContext, principal: Principal, now: Date
    ) async throws -> RouteCall {
        var request = request
        var json = JSONBody.empty
        var raw: Data?
        switch route.body {
        case .none:
            let data = try await collect(&request, limit: 64 * 1024)
            if !data.isEmpty, data.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) {
                // Tolerate `{}` from clients that always send an object; anything else is a mistake.
                json = try JSONBody.parse(data, specs: [])
            }
        case .json(let specs):
            let data = try await collect(&request, limit: env.configuration.maxJSONBodyBytes)
            if data.isEmpty {
                if specs.contains(where: \.required) {
                    throw APIError.badRequest("missing_body", "this request needs a JSON object body", field: "body")
                }
            } else {
                json = try JSONBody.parse(data, specs: specs)
            }
        case .raw:
            raw = try await collect(&request, limit: env.configuration.maxBlobBytes)
        }
        return RouteCall(request: request, context: context, env: env, principal: principal, body: json, rawBody: raw, now: now)
    }

    /// The scope of a write's `Idempotency-Key`, or nil when the request has none (or is a read). Scoped
    /// by the caller's key and the operation so one caller's key can never replay another's answer; the
    /// key's hash (not its id) so the scope is known before the key is looked up.
    private func idempotencyScope(_ request: Request, digest: String?) throws -> String? {
        guard request.method != .get, request.method != .head,
            let idem = request.headers[HTTPField.Name("Idempotency-Key")!]
        else { return nil }
        guard !idem.isEmpty, idem.utf8.count <= 200 else {
            throw APIError.badRequest("invalid_header", "Idempotency-Key must be 1...200 characters", field: "Idempotency-Key")
        }
        return "\(digest ?? "local")|\(request.method.rawValue) \(request.uri.path)|\(idem)"
    }

    /// Thrown to skip the handler and answer with a stored response.
    struct Replay: Error {
        let response: APIResponse
    }

    private func collect(_ request: inout Request, limit: Int) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(status: 413, code: "body_too_large", message: "request body is \(length) bytes, the limit is \(limit)", field: "body")
        }
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
            throw APIError(status: 413, code: "body_too_large", message: "request body exceeds the limit of \(limit) bytes", field: "body")
        }
    }

    /// The hash of the request's bearer key, or nil when the route or the server needs none; a 401 for
    /// a missing or malformed key.
    private func bearerDigest(_ route: Route, request: Request) throws -> String? {
        guard route.access == .authenticated else { return nil }
        guard env.configuration.authenticationEnabled else { return nil }
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("missing API key: send 'Authorization: Bearer swoop_...'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer <key>'")
        }
        return try KeyAuthority.digest(of: String(parts[1]))
    }

    /// Who is calling (`.local` when no key is needed) and the answer stored under `replayKey`, read
    /// together with the key.
    private func authenticate(_ digest: String?, replayKey: String?, now: Date) async throws -> (principal: Principal, replay: Data?) {
        if let digest { return try await env.principal(digest: digest, replayKey: replayKey, now: now) }
        // No key to read it with: the stored answer takes a read of its own.
        guard let replayKey else { return (.local, nil) }
        return (.local, try await env.store.idempotentResponse(key: replayKey))
    }
}

extension Route.Access: Equatable {}
