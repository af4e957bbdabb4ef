/// An item whose lease a batched renewal could not extend: it is not the agent's any more (or not there).
public struct LostLease: Sendable, Codable, Hashable {
    public var item: QueueItemID
    public var reason: String
    public init(item: QueueItemID, reason: String) { self.item = item; self.reason = reason }
}
