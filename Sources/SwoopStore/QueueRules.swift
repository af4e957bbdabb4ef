import Foundation
import SwoopModel

/// The decisions of leasing, shared by both stores so they agree on every edge.
enum QueueRules {
    /// Only the agent holding a live lease may act on an item, and only under the lease it was granted last
    /// (an earlier lease of its own that lapsed is fenced by `attempt`); anything else is a lost lease, never a silent no-op.
    static func requireHeld(_ item: QueueItem, by holder: LeaseHolder) throws {
        guard item.state.isHeld else {
            throw StoreError.leaseLost(item: item.id.rawValue, reason: "is \(item.state.rawValue): the lease expired or ended")
        }
        guard item.leaseOwner == holder.agent else {
            throw StoreError.leaseLost(
                item: item.id.rawValue, reason: "is leased to agent '\(item.leaseOwner?.rawValue ?? "-")', not '\(holder.agent.rawValue)'")
        }
        if let attempt = holder.attempt, attempt != item.attempts {
            throw StoreError.leaseLost(
                item: item.id.rawValue,
                reason: "was leased again (attempt \(item.attempts)); this write belongs to attempt \(attempt)")
        }
    }

    /// A batched renewal names items the caller chose, unchecked against its entity, so an item held by someone
    /// else is refused without naming the holder.
    static func requireRenewable(_ item: QueueItem, by holder: LeaseHolder) throws {
        if item.state.isHeld, item.leaseOwner != holder.agent {
            throw StoreError.leaseLost(item: item.id.rawValue, reason: "is not leased to agent '\(holder.agent.rawValue)'")
        }
        try requireHeld(item, by: holder)
    }

    /// The part of a batched renewal that the batch answers by itself (a lost lease, an unknown item); anything
    /// else (the database failing) fails the whole batch, since the transaction may be unusable.
    static func lostLease(_ error: any Error, item: QueueItemID) -> LostLease? {
        guard let e = error as? StoreError else { return nil }
        switch e {
        case .leaseLost, .notFound: return LostLease(item: item, reason: e.description)
        default: return nil
        }
    }

    /// A run write made on behalf of a lease: the lease must still be the writer's, and the item must be this run's.
    static func requireHeld(_ item: QueueItem, by holder: LeaseHolder, forRun run: RunID) throws {
        try requireHeld(item, by: holder)
        if let owned = item.runID, owned != run {
            throw StoreError.conflict(kind: "queue item", id: item.id.rawValue, reason: "belongs to run '\(owned)', not '\(run)'")
        }
    }

    static func requireTransition(_ item: QueueItem, to next: QueueItemState) throws {
        guard item.state.canTransition(to: next) else { throw StoreError.illegal(item.id.rawValue, item.state, next) }
    }

    /// Only an item nobody holds can be cancelled; a held one has an agent that must stop it first.
    static func requireCancellable(_ item: QueueItem) throws {
        guard item.state == .pending else {
            throw StoreError.conflict(
                kind: "queue item", id: item.id.rawValue,
                reason: "is \(item.state.rawValue); only pending items can be cancelled")
        }
    }

    /// An item whose lease ran out before it started running has started nothing, so it always goes back.
    static func expiryAction(for item: QueueItem, policy: ExpiredLeasePolicy) -> ExpiredLeasePolicy {
        item.state == .leased ? .requeue : policy
    }

    /// The run states to walk through when an item goes back to the queue or is given up on.
    static func runSteps(from state: RunState, action: ExpiredLeasePolicy) -> [RunState] {
        switch action {
        case .requeue:
            switch state {
            case .starting, .running: return [.preempted, .queued]
            case .preempted: return [.queued]
            default: return []
            }
        case .crash:
            return state.isTerminal ? [] : [.crashed]
        }
    }

    static func deadline(_ now: Date, _ seconds: Int) -> Date { now.addingTimeInterval(TimeInterval(seconds)) }
}
