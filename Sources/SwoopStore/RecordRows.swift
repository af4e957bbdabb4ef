import Foundation
import SwoopModel

/// Column lists and row decoders shared by both backends; every list starts with `seq` (the page cursor).
enum RecordRows {
    static let entity = "seq, id, name, kind, created_at"
    static func entity(_ r: SQLRow) throws -> Entity {
        Entity(id: try r.id(1), name: try r.string(2), kind: try r.enumValue(3), createdAt: try r.date(4))
    }

    static let project = "seq, id, entity_id, name, created_at"
    static func project(_ r: SQLRow) throws -> Project {
        Project(id: try r.id(1), entityID: try r.id(2), name: try r.string(3), createdAt: try r.date(4))
    }

    static let user = "seq, id, name, email, role, entity_id, created_at"
    static func user(_ r: SQLRow) throws -> User {
        User(
            id: try r.id(1), name: try r.string(2), email: try r.optString(3), role: try r.enumValue(4),
            entityID: try r.optID(5), createdAt: try r.date(6))
    }

    static let apiKey = """
        seq, id, user_id, name, prefix, hash, scope, run_id, agent_id, entity_id, project_id, \
        created_at, expires_at, revoked_at
        """
    static func apiKey(_ r: SQLRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try r.id(1), userID: try r.id(2), name: try r.string(3), prefix: try r.string(4),
            hash: try r.string(5), scope: try r.enumValue(6), runID: try r.optID(7), agentID: try r.optID(8),
            entityID: try r.optID(9), projectID: try r.optID(10), createdAt: try r.date(11),
            expiresAt: try r.optDate(12), revokedAt: try r.optDate(13))
    }

    static let membership = "seq, entity_id, user_id, role, created_at"
    static func membership(_ r: SQLRow) throws -> Membership {
        Membership(entityID: try r.id(1), userID: try r.id(2), role: try r.enumValue(3), createdAt: try r.date(4))
    }

    static let job = "seq, id, project_id, name, latest_version, created_at"
    static func job(_ r: SQLRow) throws -> Job {
        Job(
            id: try r.id(1), projectID: try r.id(2), name: try r.string(3), latestVersion: try r.int(4),
            createdAt: try r.date(5))
    }

    static let jobVersion = "seq, job_id, version, source_kind, entry_point, artifact_digest, metadata, created_at"
    static func jobVersion(_ r: SQLRow) throws -> JobVersion {
        let entry = try r.json(4).arrayValue?.compactMap(\.stringValue) ?? []
        return JobVersion(
            jobID: try r.id(1), version: try r.int(2), sourceKind: try r.enumValue(3), entryPoint: entry,
            artifactDigest: try r.optString(5), metadata: try r.json(6), createdAt: try r.date(7))
    }

    static let queue = """
        seq, id, entity_id, name, resource, config_template, prioritized, expired_lease_policy, created_at
        """
    static func queue(_ r: SQLRow) throws -> Queue {
        Queue(
            id: try r.id(1), entityID: try r.id(2), name: try r.string(3), resource: try r.string(4),
            configTemplate: try r.json(5), prioritized: try r.bool(6), expiredLeasePolicy: try r.enumValue(7),
            createdAt: try r.date(8))
    }

    static let queueItem = """
        seq, id, queue_id, spec, priority, state, lease_owner, lease_deadline, attempts, run_id, sweep_id, \
        is_scheduler, error_message, enqueued_at, updated_at
        """
    static func queueItem(_ r: SQLRow) throws -> QueueItem {
        guard let priority = Priority(rawValue: try r.int(4)) else { throw StoreError.backend("bad priority") }
        return QueueItem(
            id: try r.id(1), queueID: try r.id(2), spec: try r.json(3), priority: priority,
            state: try r.enumValue(5), leaseOwner: try r.optID(6), leaseDeadline: try r.optDate(7),
            attempts: try r.int(8), runID: try r.optID(9), sweepID: try r.optID(10), isScheduler: try r.bool(11),
            errorMessage: try r.optString(12), enqueuedAt: try r.date(13), updatedAt: try r.date(14))
    }

    static let run = """
        seq, id, project_id, sweep_id, name, config, state, summary, exit_code, error_message, change_seq, \
        log_size, created_at, updated_at, started_at, ended_at, stop_requested_at
        """
    static func run(_ r: SQLRow) throws -> Run {
        Run(
            id: try r.id(1), projectID: try r.id(2), sweepID: try r.optID(3), name: try r.optString(4),
            config: try r.json(5), state: try r.enumValue(6), summary: try r.json(7), exitCode: try r.optInt(8),
            errorMessage: try r.optString(9), changeCursor: try r.int64(10), logSize: try r.int64(11),
            createdAt: try r.date(12), updatedAt: try r.date(13), startedAt: try r.optDate(14),
            endedAt: try r.optDate(15), stopRequestedAt: try r.optDate(16))
    }

    static let sweep = """
        seq, id, project_id, name, config, state, scheduler_state, scheduler_state_version, queue_id, priority, \
        created_at, updated_at
        """
    /// `sweep` with NULL in place of the scheduler state: that state grows with the sweep, and most
    /// reads (every scheduler call checks its sweep) need only the sweep's state, queue and version.
    static let sweepWithoutState = sweep.replacingOccurrences(of: " scheduler_state,", with: " CAST(NULL AS TEXT),")
    static func sweep(_ r: SQLRow) throws -> Sweep {
        guard let priority = Priority(rawValue: try r.int(9)) else { throw StoreError.backend("bad priority") }
        return Sweep(
            id: try r.id(1), projectID: try r.id(2), name: try r.optString(3), config: try r.json(4),
            state: try r.enumValue(5), schedulerState: try r.optJSON(6), schedulerStateVersion: try r.int(7),
            queueID: try r.optID(8), priority: priority, createdAt: try r.date(10), updatedAt: try r.date(11))
    }

    static let agent = "seq, id, entity_id, name, queue_ids, state, last_heartbeat, created_at"
    static func agent(_ r: SQLRow) throws -> Agent {
        let queues: [QueueID] = try r.json(4).arrayValue?.compactMap { $0.stringValue.map { QueueID($0) } } ?? []
        return Agent(
            id: try r.id(1), entityID: try r.id(2), name: try r.string(3), queueIDs: queues,
            state: try r.enumValue(5), lastHeartbeat: try r.date(6), createdAt: try r.date(7))
    }

    /// Reads a page's rows (fetched with `limit + 1`): the extra row only says there is more.
    static func page<T>(_ rows: [SQLRow], limit: Int, _ decode: (SQLRow) throws -> T) throws -> Page<T> {
        let items = try rows.prefix(limit).map(decode)
        let next = rows.count > limit ? try rows[limit - 1].int64(0) : nil
        return Page(items: items, nextCursor: next.map { String($0) })
    }

    /// The seq after which a page starts; a cursor that is not ours is a caller error, not an empty page.
    static func after(_ request: PageRequest) throws -> Int64 {
        guard let c = request.cursor else { return 0 }
        guard let v = Int64(c), v >= 0 else { throw StoreError.invalid(field: "cursor", reason: "'\(c)' is not a page cursor") }
        return v
    }
}
