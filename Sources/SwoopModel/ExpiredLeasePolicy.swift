/// What happens to a running item whose agent stopped renewing its lease.
public enum ExpiredLeasePolicy: String, Sendable, Codable, CaseIterable {
    /// The item goes back to `pending` (its run, if started, becomes `preempted` then `queued`).
    case requeue
    /// The item fails and its run becomes `crashed`.
    case crash
}
