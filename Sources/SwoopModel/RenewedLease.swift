import Foundation

/// An item whose lease a batched renewal extended, and until when. Only this, not the whole item: an agent
/// renews every few seconds, and each answer is also kept for idempotent replays.
public struct RenewedLease: Sendable, Codable, Hashable {
    public var id: QueueItemID
    public var leaseDeadline: Date
    public init(id: QueueItemID, leaseDeadline: Date) { self.id = id; self.leaseDeadline = leaseDeadline }
}
