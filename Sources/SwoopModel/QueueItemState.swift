/// A queue item's lifecycle: `pending -> leased -> running -> done | failed`; an expired or returned lease goes back to `pending`.
public enum QueueItemState: String, LifecycleState, Codable {
    case pending, leased, running, done, failed

    public static let machineName = "queue item"

    public func canTransition(to next: QueueItemState) -> Bool {
        switch (self, next) {
        // `pending -> failed` removes an item nobody will run (its sweep was cancelled).
        case (.pending, .leased), (.pending, .failed):
            return true
        // `leased -> done`: a scheduler item whose sweep was already over ends without running anything.
        case (.leased, .running), (.leased, .pending), (.leased, .failed), (.leased, .done):
            return true
        case (.running, .done), (.running, .failed), (.running, .pending):
            return true
        default:
            return false
        }
    }

    public var isTerminal: Bool { self == .done || self == .failed }

    /// States in which an agent holds the item and must keep renewing its lease.
    public var isHeld: Bool { self == .leased || self == .running }
}
