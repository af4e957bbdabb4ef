/// A run's lifecycle: `queued -> starting -> running -> finished | failed | crashed | stopped | preempted`.
public enum RunState: String, LifecycleState, Codable {
    case queued, starting, running, finished, failed, crashed, stopped, preempted

    public static let machineName = "run"

    public func canTransition(to next: RunState) -> Bool {
        switch (self, next) {
        // An agent may skip reporting `starting`; a queued run may be cancelled, fail to launch or be lost.
        case (.queued, .starting), (.queued, .running), (.queued, .stopped), (.queued, .failed), (.queued, .crashed):
            return true
        case (.starting, .running), (.starting, .failed), (.starting, .crashed), (.starting, .stopped), (.starting, .preempted):
            return true
        case (.running, .finished), (.running, .failed), (.running, .crashed), (.running, .stopped), (.running, .preempted):
            return true
        // A preempted run keeps its id and configuration and goes back on the queue.
        case (.preempted, .queued):
            return true
        default:
            return false
        }
    }

    public var isTerminal: Bool {
        switch self {
        case .finished, .failed, .crashed, .stopped, .preempted: return true
        case .queued, .starting, .running: return false
        }
    }

    /// Alive runs count against a sweep's `num_workers`.
    public var isAlive: Bool { !isTerminal }
}
