/// One run in progress, as the agent sees it: how to stop it and why it was stopped.
public actor RunHandle {
    /// Why a run's process was stopped before it ended by itself.
    public enum StopReason: Sendable, Equatable {
        /// Someone asked the run to stop (`POST /runs/{run}/stop`): it ends `stopped`.
        case requested
        /// The agent is shutting down: the item goes back to its queue.
        case handBack
        /// The agent lost the item's lease: someone else owns it now, so nothing is reported.
        case leaseLost
    }

    public nonisolated let control: RunControl
    public private(set) var reason: StopReason?

    public init(control: RunControl) { self.control = control }

    /// Stops the process; the first reason given is the one that counts.
    public func stop(_ why: StopReason) {
        if reason == nil { reason = why }
        control.stop()
    }
}
