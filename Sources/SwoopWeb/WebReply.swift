import Hummingbird

/// What a web handler answers: a page, a redirect after a POST, JSON for the editor, or a prepared
/// response (assets, event streams); `session` replaces the browser's session cookie.
struct WebReply: Sendable {
    enum Body: Sendable {
        case html(String)
        case redirect(String)
        case json(String)
        case response(Response)
    }

    var status: Int
    var body: Body
    var session: WebSession?

    static func html(_ s: String, status: Int = 200) -> WebReply { WebReply(status: status, body: .html(s)) }
    static func redirect(_ to: String) -> WebReply { WebReply(status: 303, body: .redirect(to)) }
    static func json(_ s: String, status: Int = 200) -> WebReply { WebReply(status: status, body: .json(s)) }
}
