import Foundation
import Hummingbird
import SwoopModel
import SwoopServer

/// One browser request as a handler sees it: the caller (nil when signed out), the posted form, and
/// helpers for path ids.
struct WebExchange: Sendable {
    let request: Request
    let context: ServerContext
    let session: WebSession
    let caller: WebCaller?
    let form: FormBody
    let rawBody: Data
    let now: Date

    /// The signed-in caller; handlers of pages that need one are only called with one.
    var signedIn: WebCaller {
        get throws {
            guard let caller else { throw WebError(401, "sign in first") }
            return caller
        }
    }

    /// A path parameter that must be a well-formed id.
    func id<K>(_ name: String, as: Identifier<K>.Type = Identifier<K>.self) throws -> Identifier<K> {
        let raw = context.parameters.get(name) ?? ""
        let id = Identifier<K>(raw)
        guard id.isWellFormed else { throw WebError(400, "'\(raw)' is not a well-formed \(K.name) id") }
        return id
    }

    func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }
}
