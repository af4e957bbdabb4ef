import Foundation
import PostgresNIO
import SwoopModel

extension PostgresStore: SweepRunLaunching {
    /// Locks only the sweep row (through its change counter) before inserting, which keeps the store's lock
    /// order (item → run → sweep): the new run and item are invisible to others until commit.
    public func launchSweepRun(
        run runID: RunID, sweep: SweepID, name: String?, config: JSONValue, spec: JSONValue, priority: Priority, now: Date
    ) async throws -> SweepRunLaunch {
        try Validation.id(runID, field: "id")
        let itemID = QueueItemID.random()
        return try await write { db in
            let change = try await self.nextChange(db, sweep: sweep, current: 0)
            // Read after taking the sweep's row lock, so its state cannot change before commit.
            let s = try await self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(sweep)], notFound: .notFound(sweep), RecordRows.sweep)
            let queue = try SweepLaunchRules.queue(of: s)
            if try await db.one(SQL.runExists, [SQLValue(runID)]) != nil {
                throw StoreError.conflict(kind: "run", id: runID.rawValue, reason: "a run with this id exists")
            }
            try await db.run(SQL.insertRun, [
                SQLValue(runID), SQLValue(s.projectID), SQLValue(sweep), SQLValue(name), SQLValue(config), .int(change),
                SQLValue(now), SQLValue(now),
            ])
            try await db.run(SQL.insertItem, [
                SQLValue(itemID), SQLValue(queue), SQLValue(spec), .int(Int64(priority.rawValue)), SQLValue(runID), SQLValue(sweep),
                SQLValue(false), .int(0), SQLValue(now), SQLValue(now),
            ])
            try await db.run(SQL.setOrderKeyToSeq, [SQLValue(itemID)])
            return SweepRunLaunch(run: try await self.runRecord(db, runID), item: try await self.item(db, itemID))
        }
    }
}
