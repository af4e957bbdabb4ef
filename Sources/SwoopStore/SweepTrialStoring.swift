import Foundation
import SwoopModel

/// Stores that keep a scheduler's trials as rows beside its (then small) state document, under the
/// state's compare-and-set version: a scheduler saving after every decision writes the trials that
/// changed, so a save costs the same at the thousandth trial as at the first.
public protocol SweepTrialStoring: Store {
    /// In one transaction, if the stored version is `expectedVersion`: upserts `trials` (by number),
    /// replaces the state document unless `state` is nil, and makes the version one more (returned).
    /// Another version is a `conflict` naming it, and nothing is written.
    func saveSchedulerTrials(sweep: SweepID, trials: [SweepTrial], state: JSONValue?, expectedVersion: Int, now: Date) async throws -> Int
    /// Trial rows numbered above `after`, in number order, at most `limit`.
    func sweepTrials(sweep: SweepID, after: Int, limit: Int) async throws -> [SweepTrial]
}

/// The statements both backends run for trial rows.
enum SweepTrialSQL {
    static let bumpVersion = """
        UPDATE sweeps SET scheduler_state_version = scheduler_state_version + 1, updated_at = ?
        WHERE id = ? AND scheduler_state_version = ?
        """
    static let upsert = """
        INSERT INTO sweep_trials (sweep_id, number, data, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (sweep_id, number) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
        """
    static let page = "SELECT number, data FROM sweep_trials WHERE sweep_id = ? AND number > ? ORDER BY number LIMIT ?"

    /// The version update: with a state document, `saveSchedulerState`'s statement; without, the version alone.
    static func versionUpdate(_ sweep: SweepID, _ state: JSONValue?, _ expected: Int, _ now: Date) -> (String, [SQLValue]) {
        if let state { return (SQL.saveSchedulerState, [SQLValue(state), SQLValue(now), SQLValue(sweep), .int(Int64(expected))]) }
        return (bumpVersion, [SQLValue(now), SQLValue(sweep), .int(Int64(expected))])
    }

    static func row(_ sweep: SweepID, _ trial: SweepTrial, _ now: Date) throws -> [SQLValue] {
        guard trial.number >= 0 else { throw StoreError.invalid(field: "number", reason: "a trial number must be 0 or more, got \(trial.number)") }
        return [SQLValue(sweep), .int(Int64(trial.number)), SQLValue(trial.data), SQLValue(now)]
    }

    static func trial(_ r: SQLRow) throws -> SweepTrial { SweepTrial(number: try r.int(0), data: try r.json(1)) }
}
