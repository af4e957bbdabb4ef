import Foundation
import GRDB
import GRDBSQLite
import SwoopModel

extension SQLiteStore {
    /// The sweep's next change number, or the run's current one when the run belongs to no sweep.
    func nextChange(_ db: Database, sweep: SweepID?, current: Int64) throws -> Int64 {
        guard let sweep else { return current }
        guard let row = try db.one(SQL.bumpSweepChange, [SQLValue(sweep)]) else { throw StoreError.notFound(sweep) }
        return try row.int64(0)
    }

    func runRecord(_ db: Database, _ id: RunID) throws -> Run {
        try fetch(db, SQL.runByIDForUpdate, [SQLValue(id)], notFound: .notFound(id), RecordRows.run)
    }

    func transitionRun(_ db: Database, _ id: RunID, to state: RunState, exitCode: Int?, errorMessage: String?, now: Date) throws -> Run {
        let run = try runRecord(db, id)
        let next = try RunRules.transitioned(run, to: state, exitCode: exitCode, errorMessage: errorMessage, now: now)
        let change = try nextChange(db, sweep: run.sweepID, current: run.changeCursor)
        try db.run(SQL.setRunState, RunRules.stateArguments(next, changeSeq: change))
        return try runRecord(db, id)
    }

    public func createRun(id: RunID?, project: ProjectID, sweep: SweepID?, name: String?, config: JSONValue, now: Date) async throws -> Run {
        let runID = id ?? .random()
        try Validation.id(runID, field: "id")
        return try await write { db in
            _ = try self.fetch(db, SQL.projectByID, [SQLValue(project)], notFound: .notFound(project), RecordRows.project)
            if try db.one(SQL.runExists, [SQLValue(runID)]) != nil {
                throw StoreError.conflict(kind: "run", id: runID.rawValue, reason: "a run with this id exists")
            }
            if let sweep {
                let s = try self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(sweep)], notFound: .notFound(sweep), RecordRows.sweep)
                guard s.projectID == project else {
                    throw StoreError.invalid(field: "sweep", reason: "sweep '\(sweep)' belongs to another project")
                }
            }
            let change = try self.nextChange(db, sweep: sweep, current: 0)
            try db.run(SQL.insertRun, [
                SQLValue(runID), SQLValue(project), SQLValue(sweep), SQLValue(name), SQLValue(config), .int(change),
                SQLValue(now), SQLValue(now),
            ])
            return try self.runRecord(db, runID)
        }
    }

    public func run(id: RunID) async throws -> Run {
        try await read { db in try self.fetch(db, SQL.runByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.run) }
    }

    public func stopRequestedRuns(among ids: [RunID], entity: EntityID) async throws -> [RunID] {
        guard !ids.isEmpty else { return [] }
        let (sql, args) = SQL.stopRequestedRuns(ids, entity: entity)
        return try await read { db in try db.rows(sql, args).map { RunID(try $0.string(0)) } }
    }

    public func listRuns(project: ProjectID, page: PageRequest) async throws -> Page<Run> {
        try await list(SQL.listRuns, [SQLValue(project)], page, RecordRows.run)
    }

    public func transitionRun(
        id: RunID, to state: RunState, exitCode: Int?, errorMessage: String?, lease: LeaseHolder?, now: Date
    ) async throws -> Run {
        try await write { db in
            if let lease {
                try QueueRules.requireHeld(try self.item(db, lease.item), by: lease, forRun: id)
                // The holder asking again for the state its run is in is its own retry (the answer to the
                // first attempt was lost, say with a replica killed before it recorded it): not a 409.
                let run = try self.runRecord(db, id)
                if run.state == state { return run }
            }
            return try self.transitionRun(db, id, to: state, exitCode: exitCode, errorMessage: errorMessage, now: now)
        }
    }

    public func requestStop(run: RunID, now: Date) async throws -> Run {
        try await write { db in
            let r = try self.runRecord(db, run)
            if r.state.isTerminal { return r }
            let change = try self.nextChange(db, sweep: r.sweepID, current: r.changeCursor)
            try db.run(SQL.requestRunStop, [SQLValue(now), .int(change), SQLValue(now), SQLValue(run)])
            return try self.runRecord(db, run)
        }
    }

    public func setSummary(run: RunID, summary: JSONValue, now: Date) async throws -> Run {
        guard case .object = summary else { throw StoreError.invalid(field: "summary", reason: "must be a JSON object") }
        return try await write { db in
            let r = try self.runRecord(db, run)
            let change = try self.nextChange(db, sweep: r.sweepID, current: r.changeCursor)
            try db.run(SQL.setRunSummary, [SQLValue(summary), .int(change), SQLValue(now), SQLValue(run)])
            return try self.runRecord(db, run)
        }
    }

    public func appendMetrics(run: RunID, batch: MetricBatch, now: Date) async throws -> MetricAppendResult {
        let rows = try MetricRules.rows(batch)
        return try await write { db in
            guard let r = try db.one(SQL.runForMetrics, [SQLValue(run)]) else { throw StoreError.notFound(run) }
            let sweep: SweepID? = try r.optID(0)
            let base = try r.int64(1), changeCursor = try r.int64(2)
            if let key = batch.idempotencyKey, let seen = try db.one(SQL.metricBatch, [SQLValue(run), .text(key)]) {
                return MetricAppendResult(inserted: try seen.int(0), ignored: try seen.int(1), replayed: true)
            }
            // One prepared statement, rebound per row: the 50k points/s path.
            let statement = try db.cachedStatement(sql: SQLDialect.sqlite.render(SQL.insertMetric))
            let before = db.totalChangesCount
            try SQLiteStore.insertMetricRows(statement.sqliteStatement, run: run.rawValue, rows: rows, base: base)
            let inserted = db.totalChangesCount - before
            let change = rows.isEmpty ? changeCursor : try self.nextChange(db, sweep: sweep, current: changeCursor)
            try db.run(SQL.setRunMetricSeq, [.int(base + Int64(rows.count)), .int(change), SQLValue(now), SQLValue(run)])
            let result = MetricAppendResult(inserted: inserted, ignored: rows.count - inserted, replayed: false)
            if let key = batch.idempotencyKey {
                try db.run(SQL.insertMetricBatch, [SQLValue(run), .text(key), .int(Int64(result.inserted)), .int(Int64(result.ignored)), SQLValue(now)])
            }
            return result
        }
    }

    public func metrics(run: RunID, since cursor: Int64, limit: Int) async throws -> MetricHistory {
        try await read { db in
            guard try db.one(SQL.runExists, [SQLValue(run)]) != nil else { throw StoreError.notFound(run) }
            let rows = try db.rows(SQL.metricsSince, [SQLValue(run), .int(cursor), .int(Int64(Validation.limit(limit)))])
            return try MetricRules.history(rows, since: cursor)
        }
    }

    public func appendLog(run: RunID, offset: Int64, text: String, now: Date) async throws -> Int64 {
        try await write { db in
            guard let r = try db.one(SQL.runForLog, [SQLValue(run)]) else { throw StoreError.notFound(run) }
            let size = try r.int64(0)
            let stored = offset < size ? try db.one(SQL.logChunkAt, [SQLValue(run), .int(offset)]).map { try $0.string(0) } : nil
            let end = try LogRules.check(run: run, offset: offset, text: text, size: size, stored: stored)
            guard let end else { return size }
            try db.run(SQL.insertLogChunk, [SQLValue(run), .int(offset), .int(end), .text(text)])
            try db.run(SQL.setLogSize, [.int(end), SQLValue(now), SQLValue(run)])
            return end
        }
    }

    public func logs(run: RunID, from offset: Int64, limit: Int) async throws -> LogPage {
        try await read { db in
            guard try db.one(SQL.runExists, [SQLValue(run)]) != nil else { throw StoreError.notFound(run) }
            let rows = try db.rows(SQL.logsFrom, [SQLValue(run), .int(offset), .int(Int64(Validation.limit(limit)))])
            return try LogRules.page(rows, from: offset)
        }
    }

    /// Binds and steps the prepared insert straight through the SQLite C API: per row, GRDB's argument
    /// boxing costs more than SQLite's own work, and this loop is the metrics throughput path.
    /// The statement is left reset with no bindings, as GRDB expects a cached statement.
    static func insertMetricRows(_ stmt: SQLiteStatement, run: String, rows: [MetricRules.Row], base: Int64) throws {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        defer {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }
        for (i, row) in rows.enumerated() {
            sqlite3_reset(stmt)
            var rc = sqlite3_bind_text(stmt, 1, run, -1, transient)
            if rc == SQLITE_OK { rc = sqlite3_bind_int64(stmt, 2, row.step) }
            if rc == SQLITE_OK { rc = sqlite3_bind_text(stmt, 3, row.key, -1, transient) }
            if rc == SQLITE_OK { rc = sqlite3_bind_int64(stmt, 4, base + Int64(i) + 1) }
            if rc == SQLITE_OK { rc = sqlite3_bind_text(stmt, 5, row.value, -1, transient) }
            if rc == SQLITE_OK { rc = sqlite3_step(stmt) }
            guard rc == SQLITE_DONE else {
                throw StoreError.backend("metric insert failed: \(String(cString: sqlite3_errstr(rc)))")
            }
        }
    }
}
