/// Who the server takes the caller to be (`GET /api/v1/me`): the key's scope and what it is bound to.
public struct Caller: Sendable, Codable, Hashable {
    public var scope: APIKeyScope
    /// Nil only when the server runs with authentication off.
    public var user: User?
    public var runID: RunID?
    public var agentID: AgentID?
    public var authenticationEnabled: Bool
    public init(scope: APIKeyScope, user: User?, runID: RunID?, agentID: AgentID?, authenticationEnabled: Bool) {
        self.scope = scope; self.user = user; self.runID = runID; self.agentID = agentID
        self.authenticationEnabled = authenticationEnabled
    }
}
