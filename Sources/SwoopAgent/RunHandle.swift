import Foundation

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
    /// Waits of `unlessStopped` still open, ended by whichever comes first: their work or a stop.
    private var waits: [UUID: CheckedContinuation<Bool, Never>] = [:]

    public init(control: RunControl) { self.control = control }

    /// Stops the process; the first reason given is the one that counts.
    public func stop(_ why: StopReason) {
        if reason == nil { reason = why }
        control.stop()
        let open = waits.values
        waits = [:]
        for wait in open { wait.resume(returning: false) }
    }

    /// The value of `work` (run in a task of its own), or nil as soon as the run is stopped: a stop
    /// while the code is fetched takes effect then, not when the fetch ends. Work left behind finishes
    /// on its own and its result is dropped.
    public func unlessStopped<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T? {
        if reason != nil { return nil }
        let task = Task { try await work() }
        let id = UUID()
        let finished = await withCheckedContinuation { (wait: CheckedContinuation<Bool, Never>) in
            waits[id] = wait
            Task { _ = try? await task.value; self.finish(id) }
        }
        return finished ? try await task.value : nil
    }

    private func finish(_ id: UUID) {
        waits.removeValue(forKey: id)?.resume(returning: true)
    }
}
