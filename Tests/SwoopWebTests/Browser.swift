import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A minimal browser for route tests: one cookie jar (the session cookie), no redirects followed, and
/// the CSRF token of the last page seen.
actor Browser {
    struct Page: Sendable {
        var status: Int
        var body: String
        var headers: HTTPHeaders
        var setCookie: String? { headers["Set-Cookie"].first }
        var location: String? { headers["Location"].first }
    }

    let baseURL: String
    private let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    private(set) var cookie: String?
    private(set) var csrf: String?

    init(baseURL: String) { self.baseURL = baseURL }

    func close() async { try? await http.shutdown() }

    func setCookie(_ value: String?) { cookie = value }

    func get(_ path: String) async throws -> Page {
        try await send(HTTPClientRequest(url: baseURL + path))
    }

    /// Posts a form; `csrf: true` adds the token of the last page.
    func post(_ path: String, _ fields: [String: String] = [:], csrf withToken: Bool = true, headers: [String: String] = [:]) async throws -> Page {
        var fields = fields
        if withToken, let csrf, fields["csrf"] == nil { fields["csrf"] = csrf }
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        request.body = .bytes(ByteBuffer(string: Self.encode(fields)))
        return try await send(request)
    }

    /// Signs in with `key` through the sign-in form.
    func signIn(_ key: String) async throws -> Page {
        _ = try await get("/sign-in")
        return try await post("/sign-in", ["api_key": key, "next": "/projects"])
    }

    private func send(_ request: HTTPClientRequest) async throws -> Page {
        var request = request
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        let response = try await http.execute(request, timeout: .seconds(30))
        let body = String(buffer: try await response.body.collect(upTo: 16 << 20))
        let page = Page(status: Int(response.status.code), body: body, headers: response.headers)
        if let set = page.setCookie, let pair = set.split(separator: ";").first { cookie = String(pair) }
        if let token = Self.csrfToken(in: body) { csrf = token }
        return page
    }

    static func csrfToken(in html: String) -> String? {
        for marker in ["name=\"csrf\" content=\"", "name=\"csrf\" value=\""] {
            if let r = html.range(of: marker), let end = html[r.upperBound...].firstIndex(of: "\"") {
                return String(html[r.upperBound..<end])
            }
        }
        return nil
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }
}
