import Foundation
import GRDB
import SwoopModel

extension SQLiteStore {
    func sweepRecord(_ db: Database, _ id: SweepID) throws -> Sweep {
        try fetch(db, SQL.sweepByIDForUpdate, [SQLValue(id)], notFound: .notFound(id), RecordRows.sweep)
    }

    public func createSweep(project: ProjectID, name: String?, config: JSONValue, queue: QueueID?, priority: Priority, now: Date) async throws -> Sweep {
        let id = SweepID.random()
        return try await write { db in
            _ = try self.fetch(db, SQL.projectByID, [SQLValue(project)], notFound: .notFound(project), RecordRows.project)
            if let queue { _ = try self.fetch(db, SQL.queueByID, [SQLValue(queue)], notFound: .notFound(queue), RecordRows.queue) }
            try db.run(SQL.insertSweep, [
                SQLValue(id), SQLValue(project), SQLValue(name), SQLValue(config), SQLValue(queue), .int(Int64(priority.rawValue)),
                SQLValue(now), SQLValue(now),
            ])
            return try self.sweepRecord(db, id)
        }
    }

    public func sweepWithoutState(id: SweepID) async throws -> Sweep {
        try await read { db in try self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(id)], notFound: .notFound(id), RecordRows.sweep) }
    }

    public func sweep(id: SweepID) async throws -> Sweep {
        try await read { db in try self.fetch(db, SQL.sweepByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.sweep) }
    }

    public func listSweeps(project: ProjectID, page: PageRequest) async throws -> Page<Sweep> {
        try await list(SQL.listSweeps, [SQLValue(project)], page, RecordRows.sweep)
    }

    public func transitionSweep(id: SweepID, to state: SweepState, from: SweepState?, now: Date) async throws -> Sweep {
        try await write { db in
            let s = try self.sweepRecord(db, id)
            try SweepRules.requireState(s, from)
            guard s.state.canTransition(to: state) else { throw StoreError.illegal(id.rawValue, s.state, state) }
            try db.run(SQL.setSweepState, [.text(state.rawValue), SQLValue(now), SQLValue(id)])
            return try self.sweepRecord(db, id)
        }
    }

    public func updateSweepLaunch(id: SweepID, queue: QueueID?, priority: Priority, now: Date) async throws -> Sweep {
        try await write { db in
            let s = try self.sweepRecord(db, id)
            try SweepRules.requireNotRunning(s)
            if let queue { _ = try self.fetch(db, SQL.queueByID, [SQLValue(queue)], notFound: .notFound(queue), RecordRows.queue) }
            try db.run(SQL.setSweepLaunch, [SQLValue(queue), .int(Int64(priority.rawValue)), SQLValue(now), SQLValue(id)])
            return try self.sweepRecord(db, id)
        }
    }

    public func saveSchedulerState(sweep: SweepID, state: JSONValue, expectedVersion: Int, now: Date) async throws -> Sweep {
        try await write { db in
            let changed = try db.run(SQL.saveSchedulerState, [SQLValue(state), SQLValue(now), SQLValue(sweep), .int(Int64(expectedVersion))])
            // Not read back: parsing the state just written would cost O(its size) on every save.
            var s = try self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(sweep)], notFound: .notFound(sweep), RecordRows.sweep)
            if changed == 0 { throw SweepRules.versionConflict(s, expected: expectedVersion) }
            s.schedulerState = state
            return s
        }
    }

    public func runs(sweep: SweepID, sinceCursor cursor: Int64, limit: Int) async throws -> SweepRunChanges {
        try await read { db in
            _ = try self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(sweep)], notFound: .notFound(sweep), RecordRows.sweep)
            let rows = try db.rows(SQL.sweepRunsSince, [SQLValue(sweep), .int(cursor), .int(Int64(Validation.limit(limit)))])
            return SweepRules.changes(try rows.map(RecordRows.run), since: cursor)
        }
    }
}
