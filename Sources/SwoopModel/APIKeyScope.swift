/// What an API key may act as: its user, one run (`SWOOP_API_KEY` given to a run), or one agent (its queues only).
public enum APIKeyScope: String, Sendable, Codable, CaseIterable {
    case user, run, agent
}
