import Foundation
import SwoopModel
import SwoopServer

extension WebApp {
    /// The sign-in page (also the answer, with 401, to a signed-out browser asking for any page: no data).
    func signInPage(_ x: WebExchange, status: Int, message: String?) -> WebReply {
        if !env.configuration.authenticationEnabled, status == 200 { return .redirect("/projects") }
        let next = x.request.method == .get && x.request.uri.path != "/sign-in" ? x.request.uri.path : (x.form.value("next") ?? x.query("next") ?? "/projects")
        let csrf = codec.csrfToken(for: x.session)
        let error = message.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let body = """
            <h1>Sign in</h1>
            \(error)
            <form method="post" action="/sign-in" class="card signin">
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <input type="hidden" name="next" value="\(HTML.escape(Self.safeNext(next)))">
            <label for="api_key">API key</label>
            <input id="api_key" name="api_key" type="password" autocomplete="off" placeholder="swoop_…" required>
            <button type="submit">Sign in</button>
            <p class="hint">Paste a user API key (<code>swoop server</code> prints the admin's on first start).</p>
            </form>
            """
        return WebReply(status: status, body: .html(HTML.page(title: "Sign in", caller: nil, body: body)))
    }

    /// Checks the pasted key like the API checks a bearer key, and seals it into a new session (a new
    /// nonce too, so a token seen before signing in is worthless after).
    func signIn(_ x: WebExchange) async throws -> WebReply {
        guard env.configuration.authenticationEnabled else { return .redirect("/projects") }
        guard let key = x.form.value("api_key") else { return signInPage(x, status: 400, message: "Paste an API key.") }
        let principal: Principal
        do {
            principal = try await env.principal(apiKey: key, now: x.now)
        } catch let e as APIError where e.status == 401 {
            return signInPage(x, status: 401, message: "That key was not accepted: \(e.message).")
        }
        guard case .user = principal else {
            return signInPage(x, status: 403, message: "Sign in with a person's API key; run and agent tokens cannot use the web app.")
        }
        var session = WebSession.anonymous(now: x.now)
        session.apiKey = key
        var reply = WebReply.redirect(Self.safeNext(x.form.value("next") ?? "/projects"))
        reply.session = session
        return reply
    }

    func signOut(_ x: WebExchange) async throws -> WebReply {
        var reply = WebReply.redirect("/sign-in")
        reply.session = .anonymous(now: x.now)
        return reply
    }

    /// Only a path of this site: never an absolute URL elsewhere (open redirect).
    /// Where a button's POST returns: the page it was on (a path of this site), else `fallback`.
    static func back(_ x: WebExchange, or fallback: String) -> String {
        x.request.headers[.referer].flatMap { URL(string: $0)?.path }.map(safeNext) ?? fallback
    }

    static func safeNext(_ next: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("\n"), !next.contains("\r") else { return "/projects" }
        return next
    }
}
