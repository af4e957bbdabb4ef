/// What an agent last reported: waiting for work, running items, or shut down.
public enum AgentState: String, Sendable, Codable, CaseIterable {
    case polling, running, stopped
}
