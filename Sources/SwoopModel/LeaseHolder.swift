/// Who claims to hold a queue item's lease when writing on its behalf: the fence a stale agent cannot pass.
public struct LeaseHolder: Sendable, Codable, Hashable {
    public var item: QueueItemID
    public var agent: AgentID

    public init(item: QueueItemID, agent: AgentID) { self.item = item; self.agent = agent }
}
