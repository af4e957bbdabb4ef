/// Who claims to hold a queue item's lease when writing on its behalf: the fence a stale agent cannot pass.
public struct LeaseHolder: Sendable, Codable, Hashable {
    public var item: QueueItemID
    public var agent: AgentID
    /// The item's `attempts` when this lease was granted: tells the agent's own earlier lease of the same
    /// item (which lapsed, then came back to it) from the current one. Nil skips that check.
    public var attempt: Int?

    public init(item: QueueItemID, agent: AgentID, attempt: Int? = nil) { self.item = item; self.agent = agent; self.attempt = attempt }
}

extension QueueItem {
    /// The lease `agent` holds on this item as leased now (its current attempt).
    public func lease(heldBy agent: AgentID) -> LeaseHolder { LeaseHolder(item: id, agent: agent, attempt: attempts) }
}
