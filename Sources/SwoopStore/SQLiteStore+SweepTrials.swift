import Foundation
import GRDB
import SwoopModel

extension SQLiteStore: SweepTrialStoring {
    public func saveSchedulerTrials(sweep: SweepID, trials: [SweepTrial], state: JSONValue?, expectedVersion: Int, now: Date) async throws -> Int {
        let rows = try trials.map { try SweepTrialSQL.row(sweep, $0, now) }
        return try await write { db in
            let (sql, args) = SweepTrialSQL.versionUpdate(sweep, state, expectedVersion, now)
            let changed = try db.run(sql, args)
            let s = try self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(sweep)], notFound: .notFound(sweep), RecordRows.sweep)
            if changed == 0 { throw SweepRules.versionConflict(s, expected: expectedVersion) }
            for row in rows { _ = try db.run(SweepTrialSQL.upsert, row) }
            return s.schedulerStateVersion
        }
    }

    public func sweepTrials(sweep: SweepID, after: Int, limit: Int) async throws -> [SweepTrial] {
        try await read { db in
            _ = try self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(sweep)], notFound: .notFound(sweep), RecordRows.sweep)
            return try db.rows(SweepTrialSQL.page, [SQLValue(sweep), .int(Int64(after)), .int(Int64(Validation.limit(limit)))])
                .map(SweepTrialSQL.trial)
        }
    }
}
