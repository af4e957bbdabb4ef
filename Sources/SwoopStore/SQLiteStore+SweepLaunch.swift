import Foundation
import GRDB
import SwoopModel

extension SQLiteStore: SweepRunLaunching {
    public func launchSweepRun(
        run runID: RunID, sweep: SweepID, name: String?, config: JSONValue, spec: JSONValue, priority: Priority, now: Date
    ) async throws -> SweepRunLaunch {
        try Validation.id(runID, field: "id")
        let itemID = QueueItemID.random()
        return try await write { db in
            let s = try self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(sweep)], notFound: .notFound(sweep), RecordRows.sweep)
            let queue = try SweepLaunchRules.queue(of: s)
            if try db.one(SQL.runExists, [SQLValue(runID)]) != nil {
                throw StoreError.conflict(kind: "run", id: runID.rawValue, reason: "a run with this id exists")
            }
            let change = try self.nextChange(db, sweep: sweep, current: 0)
            try db.run(SQL.insertRun, [
                SQLValue(runID), SQLValue(s.projectID), SQLValue(sweep), SQLValue(name), SQLValue(config), .int(change),
                SQLValue(now), SQLValue(now),
            ])
            try db.run(SQL.insertItem, [
                SQLValue(itemID), SQLValue(queue), SQLValue(spec), .int(Int64(priority.rawValue)), SQLValue(runID), SQLValue(sweep),
                SQLValue(false), .int(0), SQLValue(now), SQLValue(now),
            ])
            try db.run(SQL.setOrderKeyToSeq, [SQLValue(itemID)])
            return SweepRunLaunch(run: try self.runRecord(db, runID), item: try self.item(db, itemID))
        }
    }
}
