/// A sweep's lifecycle: `pending -> running -> finished | stopped | cancelled | failed`, `running <-> paused`,
/// and resume (back to `pending` or `running`) of any sweep that is not running.
public enum SweepState: String, LifecycleState, Codable {
    case pending, running, paused, finished, stopped, cancelled, failed

    public static let machineName = "sweep"

    public func canTransition(to next: SweepState) -> Bool {
        if self == next { return false }
        switch self {
        case .pending:
            return [.running, .paused, .stopped, .cancelled, .failed].contains(next)
        case .running:
            return [.paused, .finished, .stopped, .cancelled, .failed].contains(next)
        case .paused:
            // `pending`: a launch sweep resumed with a new scheduler item after its scheduler drained and exited.
            return [.running, .pending, .finished, .stopped, .cancelled, .failed].contains(next)
        case .finished, .stopped, .cancelled, .failed:
            // Resume: `pending` when a scheduler is enqueued again, `running` for a direct resume.
            return next == .pending || next == .running
        }
    }

    public var isTerminal: Bool {
        switch self {
        case .finished, .stopped, .cancelled, .failed: return true
        case .pending, .running, .paused: return false
        }
    }

    /// Any sweep that is not running may be resumed (W&B refuses to resume a running one).
    public var canResume: Bool { self != .running }
}
