import SwoopModel
import SwoopServer

/// The browser's caller for one request: who the session's key belongs to (or the local admin when
/// authentication is off), the CSRF token forms must carry, and the API's authorization checks.
struct WebCaller: Sendable {
    let session: WebSession
    let principal: Principal
    let csrf: String
    let access: Access
    /// False with `--auth off`: there is nobody to sign out.
    let canSignOut: Bool

    var displayName: String {
        switch principal {
        case .local: return "local (authentication off)"
        case .user(let user, _, _): return user.name
        case .run, .agent: return "token"
        }
    }
}
