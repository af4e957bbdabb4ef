/// An item whose lease ran out, and what the queue's policy made of it.
public struct ExpiredLease: Sendable, Codable, Hashable {
    public var item: QueueItem
    public var action: ExpiredLeasePolicy
    /// The previous holder, so the server can mark that agent suspect.
    public var previousOwner: AgentID?

    public init(item: QueueItem, action: ExpiredLeasePolicy, previousOwner: AgentID?) {
        self.item = item; self.action = action; self.previousOwner = previousOwner
    }
}
