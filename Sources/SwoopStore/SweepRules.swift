import SwoopModel

/// Sweep checks shared by both stores.
enum SweepRules {
    /// Launch settings may change only while no scheduler is running the sweep (W&B's resume rule).
    static func requireNotRunning(_ s: Sweep) throws {
        if s.state == .running {
            throw StoreError.conflict(kind: "sweep", id: s.id.rawValue, reason: "is running; pause or stop it before changing its queue")
        }
    }

    /// A transition asked only from `expected`: a sweep in another state (moved by someone else meanwhile) is a conflict.
    static func requireState(_ s: Sweep, _ expected: SweepState?) throws {
        if let expected, s.state != expected {
            throw StoreError.conflict(kind: "sweep", id: s.id.rawValue, reason: "is \(s.state.rawValue), not \(expected.rawValue)")
        }
    }

    static func versionConflict(_ s: Sweep, expected: Int) -> StoreError {
        .conflict(
            kind: "sweep", id: s.id.rawValue,
            reason: "scheduler state is at version \(s.schedulerStateVersion), not \(expected): another scheduler saved first")
    }

    static func changes(_ runs: [Run], since cursor: Int64) -> SweepRunChanges {
        SweepRunChanges(runs: runs, nextCursor: runs.last?.changeCursor ?? cursor)
    }
}
