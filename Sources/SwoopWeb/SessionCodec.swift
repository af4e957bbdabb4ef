import Crypto
import Foundation

/// Seals sessions into cookie values and opens them again, and derives CSRF tokens. Stateless: the cookie
/// is the session (ChaCha20-Poly1305 under a key derived from the server's web secret), so no table is
/// needed and every replica sharing the secret accepts it. The API key inside is encrypted, not just
/// signed, because it is the user's credential.
struct SessionCodec: Sendable {
    static let cookieName = "swoop_session"
    /// A week: the cookie's Max-Age and the oldest session accepted.
    static let lifetime: Int64 = 7 * 24 * 3600

    private let sealKey: SymmetricKey
    private let csrfKey: SymmetricKey

    init(secret: [UInt8]) {
        let master = SymmetricKey(data: secret)
        sealKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data("swoop web session".utf8), using: master))
        csrfKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data("swoop web csrf".utf8), using: master))
    }

    func seal(_ session: WebSession) throws -> String {
        let box = try ChaChaPoly.seal(try JSONEncoder().encode(session), using: sealKey)
        return Self.base64URL(box.combined)
    }

    /// The session in `value`, or nil when it is not one this server sealed, or is too old.
    func open(_ value: String, now: Date) -> WebSession? {
        guard value.utf8.count <= 4096, let data = Self.fromBase64URL(value),
            let box = try? ChaChaPoly.SealedBox(combined: data),
            let plain = try? ChaChaPoly.open(box, using: sealKey),
            let session = try? JSONDecoder().decode(WebSession.self, from: plain)
        else { return nil }
        let age = Int64(now.timeIntervalSince1970) - session.issuedAt
        guard age >= -60, age <= Self.lifetime else { return nil }
        return session
    }

    func csrfToken(for session: WebSession) -> String {
        Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(session.nonce.utf8), using: csrfKey)))
    }

    /// Constant-time check of a submitted token against the session's.
    func verify(csrf submitted: String?, for session: WebSession) -> Bool {
        guard let submitted else { return false }
        let a = Array(csrfToken(for: session).utf8), b = Array(submitted.utf8)
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    /// The Set-Cookie header value: HttpOnly (scripts never see the key), SameSite=Strict (other sites'
    /// forms do not carry it), Path=/.
    func setCookie(_ session: WebSession) throws -> String {
        "\(Self.cookieName)=\(try seal(session)); Path=/; Max-Age=\(Self.lifetime); HttpOnly; SameSite=Strict"
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
