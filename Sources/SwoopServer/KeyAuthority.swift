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
        let secret = Self.keyPrefix + bytes.map { String(format: "%02x", $0) }.joined()
        let record = APIKeyRecord(
            id: .random(), userID: user, name: name, prefix: String(secret.prefix(Self.keyPrefix.count + 8)),
            hash: Self.hash(secret), scope: scope, runID: run, agentID: agent, entityID: entity, projectID: project,
            createdAt: now, expiresAt: expiresAt)
        return (secret, record)
    }

    /// Lower-case hex SHA-256 of the key text.
    public static func hash(_ secret: String) -> String {
        Crypto.SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The usable key record for `secret`, or a 401 naming why not. The store finds the row by hash; the
    /// hashes are compared again in constant time so no lookup detail can leak through timing.
    func authenticate(_ secret: String, store: any Store, now: Date) async throws -> APIKeyRecord {
        guard secret.hasPrefix(Self.keyPrefix), secret.utf8.count == Self.keyPrefix.utf8.count + 64 else {
            throw APIError.unauthorized("malformed API key (expected 'Authorization: Bearer swoop_...')")
        }
        let digest = Self.hash(secret)
        let record: APIKeyRecord
        do {
            record = try await store.apiKey(hash: digest)
        } catch StoreError.notFound {
            throw APIError.unauthorized("unknown API key")
        }
        guard Self.constantTimeEqual(Array(record.hash.utf8), Array(digest.utf8)) else {
            throw APIError.unauthorized("unknown API key")
        }
        guard record.isUsable(at: now) else {
            throw APIError.unauthorized(record.revokedAt != nil ? "API key revoked" : "API key expired")
        }
        return record
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
