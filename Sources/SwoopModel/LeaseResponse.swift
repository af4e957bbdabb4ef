/// The answer to a lease request: the claimed item, or nil when the queues stayed empty for the whole wait.
public struct LeaseResponse: Sendable, Codable, Hashable {
    public var item: QueueItem?
    public init(item: QueueItem?) { self.item = item }
}
