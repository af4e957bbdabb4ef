/// `GET /healthz`: the server answers and its database is reachable at this schema version.
public struct ServerHealth: Sendable, Codable, Hashable {
    public var status: String
    public var schemaVersion: Int
    public init(status: String, schemaVersion: Int) {
        self.status = status; self.schemaVersion = schemaVersion
    }
}
