import Foundation
import SwoopModel

/// Stores that create a sweep's run and the queue item launching it in one transaction, so a crash or a
/// refusal between the two can never leave a queued run with nothing to start it (which a scheduler would
/// count against `num_workers` forever). Written for the server's scheduler API (`launchSweepRun`).
public protocol SweepRunLaunching: Store {
    /// Creates run `run` of the sweep (which must be pending or running and have a queue) and enqueues
    /// `spec` for it on the sweep's queue with `priority`.
    func launchSweepRun(
        run: RunID, sweep: SweepID, name: String?, config: JSONValue, spec: JSONValue, priority: Priority, now: Date
    ) async throws -> SweepRunLaunch
}

/// The checks both backends make before writing anything.
enum SweepLaunchRules {
    static func queue(of s: Sweep) throws -> QueueID {
        guard s.state == .running || s.state == .pending else {
            throw StoreError.conflict(kind: "sweep", id: s.id.rawValue, reason: "the sweep is \(s.state.rawValue): no new runs")
        }
        guard let queue = s.queueID else {
            throw StoreError.invalid(field: "sweep", reason: "sweep '\(s.id)' has no queue to launch runs on")
        }
        return queue
    }
}
