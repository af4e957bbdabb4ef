import Foundation

/// What the session cookie carries: the API key the browser signed in with (nil before signing in, or
/// when authentication is off), a random nonce the CSRF token is derived from, and when it was made.
struct WebSession: Sendable, Codable, Equatable {
    var apiKey: String?
    var nonce: String
    var issuedAt: Int64

    static func anonymous(now: Date) -> WebSession {
        var rng = SystemRandomNumberGenerator()
        let nonce = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
        return WebSession(apiKey: nil, nonce: nonce, issuedAt: Int64(now.timeIntervalSince1970))
    }
}
