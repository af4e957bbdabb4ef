import SwoopModel

/// Binding an API key record for insert, shared by both stores.
enum APIKeyRows {
    static func insertArguments(_ k: APIKeyRecord) -> [SQLValue] {
        [
            SQLValue(k.id), SQLValue(k.userID), .text(k.name), .text(k.prefix), .text(k.hash), .text(k.scope.rawValue),
            SQLValue(k.runID), SQLValue(k.agentID), SQLValue(k.entityID), SQLValue(k.projectID), SQLValue(k.createdAt),
            SQLValue(k.expiresAt), SQLValue(k.revokedAt),
        ]
    }
}
