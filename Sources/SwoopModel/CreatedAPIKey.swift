/// A newly made API key: the secret is shown this once and never again (only its hash is stored).
public struct CreatedAPIKey: Sendable, Codable, Hashable {
    public var key: String
    public var record: APIKeyRecord
    public init(key: String, record: APIKeyRecord) {
        self.key = key; self.record = record
    }
}
