import Crypto
import Foundation
import SwoopModel
import SwoopStore

/// Makes API keys and recognizes them. A key is 32 random bytes (256 bits, so a plain SHA-256 is the
/// right hash: there is nothing to brute-force), shown once; the store keeps only the hash and a prefix.
public struct KeyAuthority: Sendable {
    public static let keyPrefix = "swoop_"

    public init() {}

    /// A new secret and the record to store for it.
    public func make(
        user: UserID, name: String, scope: APIKeyScope, run: RunID? = nil, agent: AgentID? = nil,
        entity: EntityID? = nil, project: ProjectID? = nil, expiresAt: Date? = nil, now: Date
    ) -> (secret: String, record: APIKeyRecord) {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let secret = Self.keyPrefix + SwoopModel.SHA256.hexString(bytes)
        let record = APIKeyRecord(
            id: .random(), userID: user, name: name, prefix: String(secret.prefix(Self.keyPrefix.count + 8)),
            hash: Self.hash(secret), scope: scope, runID: run, agentID: agent, entityID: entity, projectID: project,
            createdAt: now, expiresAt: expiresAt)
        return (secret, record)
    }

    /// Lower-case hex SHA-256 of the key text.
    public static func hash(_ secret: String) -> String {
        // Every authenticated request hashes its key, so no `String(format:)` per byte here.
        SwoopModel.SHA256.hexString(Array(Crypto.SHA256.hash(data: Data(secret.utf8))))
    }

    /// The hash of `secret`, or a 401 when it is not shaped like a key.
    static func digest(of secret: String) throws -> String {
        guard secret.hasPrefix(Self.keyPrefix), secret.utf8.count == Self.keyPrefix.utf8.count + 64 else {
            throw APIError.unauthorized("malformed API key (expected 'Authorization: Bearer swoop_...')")
        }
        return Self.hash(secret)
    }

    /// The usable key with this digest and what its requests need (one store read; `replayKey` as in
    /// `Store.credential`), or a 401 naming why not. The store finds the row by hash; the hashes are
    /// compared again in constant time so no lookup detail can leak through timing.
    func authenticate(digest: String, replayKey: String? = nil, store: any Store, now: Date) async throws -> Credential {
        let credential: Credential
        do {
            credential = try await store.credential(hash: digest, replayKey: replayKey)
        } catch StoreError.notFound(let kind, _) where kind == "api key" {
            throw APIError.unauthorized("unknown API key")
        }
        let record = credential.key
        guard Self.constantTimeEqual(Array(record.hash.utf8), Array(digest.utf8)) else {
            throw APIError.unauthorized("unknown API key")
        }
        guard record.isUsable(at: now) else {
            throw APIError.unauthorized(record.revokedAt != nil ? "API key revoked" : "API key expired")
        }
        return credential
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
