import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwoopClient
import SwoopModel
import SwoopScheduler
import SwoopServer
import SwoopStore

/// The web app served by `swoop server` beside the JSON API: server-rendered pages under `/`, a small
/// script and style sheet from the binary, sessions in a sealed cookie, CSRF tokens on every POST.
/// Pages read the store through the API's own authorization checks; writes go through the API itself
/// (as the signed-in user), so a button or the launch form does exactly what the CLI does.
public struct WebApp: ServerExtension {
    let env: ServerEnvironment
    let codec: SessionCodec
    let loopback: Loopback
    let summaries: RunSummaries
    let charts = ChartCache()
    let runCache: SweepRunCache

    /// `secret`: at least 32 random bytes (`WebSecret.load`); sessions sealed with another secret are refused.
    public init(env: ServerEnvironment, secret: [UInt8]) {
        self.env = env
        codec = SessionCodec(secret: secret)
        loopback = Loopback(host: env.configuration.host)
        summaries = RunSummaries(store: env.store)
        runCache = SweepRunCache(store: env.store)
    }

    public func serverRunning(port: Int) async {
        await loopback.started(port: port)
    }

    /// Who may reach a route: anyone (sign-in, assets), or a signed-in caller (everything else).
    enum Gate {
        case open, signedIn
    }

    public func register(on router: Router<ServerContext>) {
        router.on("/assets/app.js", method: .get) { _, _ in WebAssets.response(WebAssets.script, type: "text/javascript; charset=utf-8") }
        router.on("/assets/app.css", method: .get) { _, _ in WebAssets.response(WebAssets.style, type: "text/css; charset=utf-8") }
        add(router, .get, "/", .signedIn) { _ in .redirect("/projects") }
        add(router, .get, "/sign-in", .open) { x in signInPage(x, status: 200, message: nil) }
        add(router, .post, "/sign-in", .open, signIn)
        add(router, .post, "/sign-out", .open, signOut)
        add(router, .get, "/projects", .signedIn, projectsPage)
        add(router, .get, "/projects/{project}/jobs", .signedIn, jobsPage)
        add(router, .get, "/projects/{project}/sweeps", .signedIn, sweepsPage)
        add(router, .get, "/entities/{entity}/queues", .signedIn, queuesPage)
        add(router, .get, "/entities/{entity}/launch-sweep", .signedIn, launchSweepPage)
        add(router, .post, "/entities/{entity}/launch-sweep", .signedIn, launchSweep)
        add(router, .post, "/validate", .signedIn, validate)
        add(router, .get, "/sweeps/{sweep}", .signedIn, sweepPage)
        add(router, .get, "/sweeps/{sweep}/fragment", .signedIn, sweepFragment)
        add(router, .get, "/sweeps/{sweep}/events", .signedIn, sweepEvents)
        add(router, .post, "/sweeps/{sweep}/state", .signedIn, changeSweepState)
        add(router, .get, "/runs/{run}", .signedIn, runPage)
        add(router, .get, "/runs/{run}/fragment", .signedIn, runFragment)
        add(router, .post, "/runs/{run}/stop", .signedIn, stopRun)
        add(router, .get, "/runs/{run}/events", .signedIn, runEvents)
    }

    private func add(
        _ router: Router<ServerContext>, _ method: HTTPRequest.Method, _ path: String, _ gate: Gate,
        _ handler: @escaping @Sendable (WebExchange) async throws -> WebReply
    ) {
        router.on(RouterPath(path), method: method) { request, context in
            await handle(request, context, gate, handler)
        }
    }

    /// Opens (or starts) the session, checks CSRF on POSTs before anything else, resolves the caller,
    /// runs the handler, and turns every refusal into an error page: bad input never reaches a 500.
    func handle(
        _ request: Request, _ context: ServerContext, _ gate: Gate, _ handler: @Sendable (WebExchange) async throws -> WebReply
    ) async -> Response {
        let now = Date()
        var newSession: WebSession?
        var session: WebSession
        if let value = request.cookies[SessionCodec.cookieName]?.value, let opened = codec.open(value, now: now) {
            session = opened
        } else {
            session = .anonymous(now: now)
            newSession = session
        }
        var caller: WebCaller?
        var reply: WebReply
        do {
            caller = try await resolveCaller(session, now: now)
            if caller == nil, session.apiKey != nil {
                // The key was revoked or expired: forget it.
                session = .anonymous(now: now)
                newSession = session
            }
            var form = FormBody(fields: [:])
            var raw = Data()
            if request.method == .post {
                var body = request
                raw = try await collect(&body)
                if request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
                    form = FormBody(raw)
                }
                let submitted = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? form["csrf"]
                guard newSession == nil, codec.verify(csrf: submitted, for: session) else {
                    throw WebError(403, "This form has expired or did not come from this site (missing or wrong CSRF token). Reload the page and try again.")
                }
            }
            let exchange = WebExchange(request: request, context: context, session: session, caller: caller, form: form, rawBody: raw, now: now)
            if gate == .signedIn, caller == nil {
                reply = signInPage(exchange, status: 401, message: nil)
            } else {
                reply = try await handler(exchange)
            }
        } catch {
            reply = errorPage(error, caller: caller, path: request.uri.path)
        }
        var response = render(reply)
        if let s = reply.session ?? newSession, let cookie = try? codec.setCookie(s) {
            response.headers.append(HTTPField(name: .setCookie, value: cookie))
        }
        return response
    }

    /// The caller behind the session: the local admin with authentication off, the key's user when it
    /// is a valid person's key, nil otherwise (signed out, revoked, or a run or agent token).
    private func resolveCaller(_ session: WebSession, now: Date) async throws -> WebCaller? {
        let csrf = codec.csrfToken(for: session)
        guard env.configuration.authenticationEnabled else {
            return WebCaller(session: session, principal: .local, csrf: csrf, access: Access(principal: .local, store: env.store), canSignOut: false)
        }
        guard let key = session.apiKey else { return nil }
        let principal: Principal
        do {
            principal = try await env.principal(apiKey: key, now: now)
        } catch let e as APIError where e.status == 401 {
            return nil
        }
        guard case .user = principal else { return nil }
        return WebCaller(session: session, principal: principal, csrf: csrf, access: Access(principal: principal, store: env.store), canSignOut: true)
    }

    private func collect(_ request: inout Request) async throws -> Data {
        let limit = 1 << 20
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw WebError(413, "The form is too large (\(length) bytes; the limit is \(limit)).")
        }
        do {
            return Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
            throw WebError(413, "The form is too large (the limit is \(limit) bytes).")
        }
    }

    private func render(_ reply: WebReply) -> Response {
        var headers = HTTPFields()
        let bytes: [UInt8]
        switch reply.body {
        case .response(let r):
            return r
        case .redirect(let to):
            headers[.location] = to
            bytes = []
        case .html(let s):
            headers[.contentType] = "text/html; charset=utf-8"
            bytes = Array(s.utf8)
        case .json(let s):
            headers[.contentType] = "application/json"
            bytes = Array(s.utf8)
        }
        headers[.contentLength] = String(bytes.count)
        headers[.cacheControl] = "no-store"
        // Pages are never framed by another site (clickjacking) and load nothing from elsewhere.
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
        return Response(status: HTTPResponse.Status(code: reply.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The error page for anything a handler throws; unexpected errors are logged and shown without internals.
    func errorPage(_ error: any Error, caller: WebCaller?, path: String) -> WebReply {
        let status: Int
        let message: String
        switch error {
        case let e as WebError: (status, message) = (e.status, e.message)
        case let e as APIError: (status, message) = (e.status, e.message)
        case let e as StoreError: let a = APIError(e); (status, message) = (a.status, a.message)
        case let e as SchedulerError: (status, message) = (400, e.message)
        case SwoopClientError.server(let s, _, let m, let field): (status, message) = (s, m + (field.map { " (field \($0))" } ?? ""))
        case let e as SwoopClientError: (status, message) = (502, "\(e)")
        default:
            env.logger.error("web: unhandled error", metadata: ["path": "\(path)", "error": "\(String(reflecting: error))"])
            (status, message) = (500, "internal error")
        }
        let title = status == 404 ? "Not found" : status == 403 ? "Forbidden" : status == 401 ? "Sign in" : "Error"
        let body = "<h1>\(HTML.escape(title))</h1><p class=\"error\" role=\"alert\">\(HTML.escape(message))</p><p><a href=\"/projects\">Back to projects</a></p>"
        return .html(HTML.page(title: title, caller: caller, body: body), status: status)
    }
}
