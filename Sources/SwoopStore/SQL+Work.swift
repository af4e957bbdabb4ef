import SwoopModel

/// Statements for queues, items, runs, metrics, logs and sweeps.
extension SQL {
    // MARK: Queues
    static let insertQueue = """
        INSERT INTO queues (id, entity_id, name, resource, config_template, prioritized, expired_lease_policy, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let queueByID = "SELECT \(RecordRows.queue) FROM queues WHERE id = ?"
    static let queueByName = "SELECT \(RecordRows.queue) FROM queues WHERE entity_id = ? AND name = ?"
    static let updateQueue = """
        UPDATE queues SET config_template = ?, prioritized = ?, expired_lease_policy = ? WHERE id = ?
        """
    static let listQueues = "SELECT \(RecordRows.queue) FROM queues WHERE entity_id = ? AND seq > ? ORDER BY seq LIMIT ?"

    // MARK: Queue items
    // A new item's order_key is its seq (set right after the insert), so new items queue behind the others.
    static let insertItem = """
        INSERT INTO queue_items (id, queue_id, spec, priority, state, lease_owner, lease_deadline, attempts, run_id,
            sweep_id, is_scheduler, error_message, order_key, enqueued_at, updated_at)
        VALUES (?, ?, ?, ?, 'pending', NULL, NULL, 0, ?, ?, ?, NULL, ?, ?, ?)
        """
    static let itemByID = "SELECT \(RecordRows.queueItem) FROM queue_items WHERE id = ?"
    static let itemByIDForUpdate = "SELECT \(RecordRows.queueItem) FROM queue_items WHERE id = ?{FOR_UPDATE}"
    /// Items of a queue in some states; one statement per number of states (at most five), so each is cached.
    static func listItems(inStates count: Int) -> String {
        """
        SELECT \(RecordRows.queueItem) FROM queue_items
        WHERE queue_id = ? AND state IN (\(Array(repeating: "?", count: count).joined(separator: ", "))) AND seq > ?
        ORDER BY seq LIMIT ?
        """
    }

    static let listItems = """
        SELECT \(RecordRows.queueItem) FROM queue_items WHERE queue_id = ? AND seq > ? ORDER BY seq LIMIT ?
        """
    static let setOrderKeyToSeq = "UPDATE queue_items SET order_key = seq WHERE id = ?"
    static let minPendingOrderKey = """
        SELECT COALESCE(MIN(order_key), 0) FROM queue_items WHERE queue_id = ? AND state = 'pending'
        """
    // The next item: one indexed range per ordering; SKIP LOCKED lets concurrent PostgreSQL lessees pass
    // rows another transaction is claiming instead of waiting for (and then losing) them.
    static let nextPrioritized = """
        SELECT id FROM queue_items WHERE queue_id = ? AND state = 'pending'
        ORDER BY priority, order_key, seq LIMIT 1{SKIP_LOCKED}
        """
    static let nextFIFO = """
        SELECT id FROM queue_items WHERE queue_id = ? AND state = 'pending'
        ORDER BY order_key, seq LIMIT 1{SKIP_LOCKED}
        """
    static let claimItem = """
        UPDATE queue_items SET state = 'leased', lease_owner = ?, lease_deadline = ?, attempts = attempts + 1,
            updated_at = ? WHERE id = ? AND state = 'pending'
        """
    static let extendLease = "UPDATE queue_items SET lease_deadline = ?, updated_at = ? WHERE id = ?"
    static let setItemRunning = """
        UPDATE queue_items SET state = 'running', run_id = COALESCE(?, run_id), updated_at = ? WHERE id = ?
        """
    static let finishItem = """
        UPDATE queue_items SET state = ?, error_message = ?, lease_owner = NULL, lease_deadline = NULL, updated_at = ?
        WHERE id = ?
        """
    static let returnItem = """
        UPDATE queue_items SET state = 'pending', lease_owner = NULL, lease_deadline = NULL, order_key = ?,
            updated_at = ? WHERE id = ?
        """
    static let pendingItemsOfSweep = """
        SELECT \(RecordRows.queueItem) FROM queue_items WHERE sweep_id = ? AND state = 'pending' ORDER BY seq{FOR_UPDATE}
        """
    static let expiredItems = """
        SELECT \(RecordRows.queueItem) FROM queue_items
        WHERE state IN ('leased', 'running') AND lease_deadline < ? ORDER BY seq{SKIP_LOCKED}
        """

    // MARK: Runs
    static let insertRun = """
        INSERT INTO runs (id, project_id, sweep_id, name, config, state, summary, exit_code, error_message,
            change_seq, metric_seq, log_size, created_at, updated_at, started_at, ended_at)
        VALUES (?, ?, ?, ?, ?, 'queued', '{}', NULL, NULL, ?, 0, 0, ?, ?, NULL, NULL)
        """
    static let runByID = "SELECT \(RecordRows.run) FROM runs WHERE id = ?"
    static let runByIDForUpdate = "SELECT \(RecordRows.run) FROM runs WHERE id = ?{FOR_UPDATE}"
    static let listRuns = "SELECT \(RecordRows.run) FROM runs WHERE project_id = ? AND seq > ? ORDER BY seq LIMIT ?"
    static let setRunState = """
        UPDATE runs SET state = ?, exit_code = COALESCE(?, exit_code), error_message = COALESCE(?, error_message),
            started_at = ?, ended_at = ?, change_seq = ?, updated_at = ? WHERE id = ?
        """
    static let requestRunStop = """
        UPDATE runs SET stop_requested_at = COALESCE(stop_requested_at, ?), change_seq = ?, updated_at = ? WHERE id = ?
        """
    static let setRunSummary = "UPDATE runs SET summary = ?, change_seq = ?, updated_at = ? WHERE id = ?"
    static let runForMetrics = "SELECT sweep_id, metric_seq, change_seq FROM runs WHERE id = ?{FOR_UPDATE}"
    static let setRunMetricSeq = "UPDATE runs SET metric_seq = ?, change_seq = ?, updated_at = ? WHERE id = ?"
    static let runExists = "SELECT id FROM runs WHERE id = ?"
    /// Which of some runs of an entity have a stop request. The id list is padded (with its last id) to a power
    /// of two, so a handful of statements serve every list length and each is prepared once.
    static func stopRequestedRuns(_ ids: [RunID], entity: EntityID) -> (sql: String, args: [SQLValue]) {
        var width = 1
        while width < ids.count { width *= 2 }
        let padded = ids + Array(repeating: ids.last ?? RunID(""), count: width - ids.count)
        let sql = """
            SELECT r.id FROM runs r JOIN projects p ON p.id = r.project_id
            WHERE r.id IN (\(Array(repeating: "?", count: width).joined(separator: ", "))) AND p.entity_id = ?
            AND r.stop_requested_at IS NOT NULL ORDER BY r.seq
            """
        return (sql, padded.map { SQLValue($0) } + [SQLValue(entity)])
    }
    static let insertMetric = """
        INSERT INTO metrics (run_id, step, key, seq, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
        """
    /// PostgreSQL only: a whole chunk of rows in one statement; the command tag counts the rows stored.
    static let insertMetricsUnnest = """
        INSERT INTO metrics (run_id, step, key, seq, value)
        SELECT $1, t.step, t.key, t.seq, t.value FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[])
            AS t(step, key, seq, value)
        ON CONFLICT DO NOTHING
        """
    static let metricBatch = "SELECT inserted, ignored FROM metric_batches WHERE run_id = ? AND key = ?"
    static let insertMetricBatch = """
        INSERT INTO metric_batches (run_id, key, inserted, ignored, created_at) VALUES (?, ?, ?, ?, ?)
        """
    static let metricsSince = """
        SELECT seq, step, key, value FROM metrics WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?
        """
    static let runForLog = "SELECT log_size FROM runs WHERE id = ?{FOR_UPDATE}"
    static let logChunkAt = "SELECT text FROM log_chunks WHERE run_id = ? AND start_offset = ?"
    static let insertLogChunk = """
        INSERT INTO log_chunks (run_id, start_offset, end_offset, text) VALUES (?, ?, ?, ?)
        """
    static let setLogSize = "UPDATE runs SET log_size = ?, updated_at = ? WHERE id = ?"
    static let logsFrom = """
        SELECT start_offset, text FROM log_chunks WHERE run_id = ? AND end_offset > ? ORDER BY start_offset LIMIT ?
        """

    // MARK: Sweeps
    static let insertSweep = """
        INSERT INTO sweeps (id, project_id, name, config, state, scheduler_state, scheduler_state_version, queue_id,
            priority, change_seq, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', NULL, 0, ?, ?, 0, ?, ?)
        """
    static let sweepByID = "SELECT \(RecordRows.sweep) FROM sweeps WHERE id = ?"
    static let sweepByIDWithoutState = "SELECT \(RecordRows.sweepWithoutState) FROM sweeps WHERE id = ?"
    static let sweepByIDForUpdate = "SELECT \(RecordRows.sweep) FROM sweeps WHERE id = ?{FOR_UPDATE}"
    static let listSweeps = """
        SELECT \(RecordRows.sweep) FROM sweeps WHERE project_id = ? AND seq > ? ORDER BY seq LIMIT ?
        """
    static let setSweepState = "UPDATE sweeps SET state = ?, updated_at = ? WHERE id = ?"
    static let setSweepLaunch = "UPDATE sweeps SET queue_id = ?, priority = ?, updated_at = ? WHERE id = ?"
    static let saveSchedulerState = """
        UPDATE sweeps SET scheduler_state = ?, scheduler_state_version = scheduler_state_version + 1, updated_at = ?
        WHERE id = ? AND scheduler_state_version = ?
        """
    /// Takes the next change number of a sweep; the row lock it holds until commit orders numbers by commit.
    static let bumpSweepChange = "UPDATE sweeps SET change_seq = change_seq + 1 WHERE id = ? RETURNING change_seq"
    static let sweepRunsSince = """
        SELECT \(RecordRows.run) FROM runs WHERE sweep_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?
        """
}
