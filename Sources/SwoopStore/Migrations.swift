/// The schema history. Append new migrations; never edit an applied one (databases in the field have run it).
///
/// Conventions: ids are text, timestamps integer milliseconds, JSON is text rendered by `JSONText`
/// (which keeps ints apart from doubles and NaN readable), booleans are 0/1 integers. `seq` orders
/// rows by insertion and is the pagination cursor.
enum Migrations {
    static let all: [Migration] = [initial, entityMembers, runStopRequests, sweepItemsIndex, sweepTrials, idempotencyAge]

    static let latestVersion = all.last?.version ?? 0

    static let initial = Migration(version: 1, name: "initial schema", statements: [
        """
        CREATE TABLE entities (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            created_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE projects (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            entity_id TEXT NOT NULL REFERENCES entities(id),
            name TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (entity_id, name))
        """,
        """
        CREATE TABLE users (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            email TEXT,
            role TEXT NOT NULL,
            entity_id TEXT REFERENCES entities(id),
            created_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE api_keys (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            prefix TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            scope TEXT NOT NULL,
            run_id TEXT,
            agent_id TEXT,
            entity_id TEXT,
            project_id TEXT,
            created_at BIGINT NOT NULL,
            expires_at BIGINT,
            revoked_at BIGINT)
        """,
        "CREATE INDEX api_keys_user ON api_keys (user_id, seq)",
        """
        CREATE TABLE jobs (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            project_id TEXT NOT NULL REFERENCES projects(id),
            name TEXT NOT NULL,
            latest_version BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (project_id, name))
        """,
        """
        CREATE TABLE job_versions (
            seq {SEQ},
            job_id TEXT NOT NULL REFERENCES jobs(id),
            version BIGINT NOT NULL,
            source_kind TEXT NOT NULL,
            entry_point TEXT NOT NULL,
            artifact_digest TEXT,
            metadata TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (job_id, version))
        """,
        """
        CREATE TABLE job_aliases (
            job_id TEXT NOT NULL REFERENCES jobs(id),
            alias TEXT NOT NULL,
            version BIGINT NOT NULL,
            PRIMARY KEY (job_id, alias))
        """,
        """
        CREATE TABLE queues (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            entity_id TEXT NOT NULL REFERENCES entities(id),
            name TEXT NOT NULL,
            resource TEXT NOT NULL,
            config_template TEXT NOT NULL,
            prioritized BIGINT NOT NULL,
            expired_lease_policy TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (entity_id, name))
        """,
        // change_seq is the per-sweep counter behind the runs-since-cursor read. Writers bump it with an
        // UPDATE, whose row lock orders the values by commit, so a reader never skips a late commit.
        """
        CREATE TABLE sweeps (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            project_id TEXT NOT NULL REFERENCES projects(id),
            name TEXT,
            config TEXT NOT NULL,
            state TEXT NOT NULL,
            scheduler_state TEXT,
            scheduler_state_version BIGINT NOT NULL,
            queue_id TEXT REFERENCES queues(id),
            priority BIGINT NOT NULL,
            change_seq BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX sweeps_project ON sweeps (project_id, seq)",
        """
        CREATE TABLE runs (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            project_id TEXT NOT NULL REFERENCES projects(id),
            sweep_id TEXT REFERENCES sweeps(id),
            name TEXT,
            config TEXT NOT NULL,
            state TEXT NOT NULL,
            summary TEXT NOT NULL,
            exit_code BIGINT,
            error_message TEXT,
            change_seq BIGINT NOT NULL,
            metric_seq BIGINT NOT NULL,
            log_size BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            started_at BIGINT,
            ended_at BIGINT)
        """,
        "CREATE INDEX runs_project ON runs (project_id, seq)",
        "CREATE INDEX runs_sweep_change ON runs (sweep_id, change_seq)",
        """
        CREATE TABLE queue_items (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            queue_id TEXT NOT NULL REFERENCES queues(id),
            spec TEXT NOT NULL,
            priority BIGINT NOT NULL,
            state TEXT NOT NULL,
            lease_owner TEXT,
            lease_deadline BIGINT,
            attempts BIGINT NOT NULL,
            run_id TEXT REFERENCES runs(id),
            sweep_id TEXT REFERENCES sweeps(id),
            is_scheduler BIGINT NOT NULL,
            error_message TEXT,
            order_key BIGINT NOT NULL,
            enqueued_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL)
        """,
        // order_key is seq at enqueue, and smaller than every pending key on requeue (front of the line).
        "CREATE INDEX queue_items_next_prio ON queue_items (queue_id, state, priority, order_key)",
        "CREATE INDEX queue_items_next_fifo ON queue_items (queue_id, state, order_key)",
        "CREATE INDEX queue_items_lease ON queue_items (state, lease_deadline)",
        // One row per (run, step, key): the key of idempotent appends. No foreign key: the append checks
        // the run once per batch, and a per-row check would cost the throughput target. On SQLite the
        // table is clustered on its key (WITHOUT ROWID), one b-tree less to update per point.
        """
        CREATE TABLE metrics (
            run_id TEXT NOT NULL,
            step BIGINT NOT NULL,
            key TEXT NOT NULL,
            seq BIGINT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, step, key)){WITHOUT_ROWID}
        """,
        "CREATE INDEX metrics_seq ON metrics (run_id, seq)",
        """
        CREATE TABLE metric_batches (
            run_id TEXT NOT NULL REFERENCES runs(id),
            key TEXT NOT NULL,
            inserted BIGINT NOT NULL,
            ignored BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (run_id, key))
        """,
        """
        CREATE TABLE log_chunks (
            run_id TEXT NOT NULL REFERENCES runs(id),
            start_offset BIGINT NOT NULL,
            end_offset BIGINT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (run_id, start_offset))
        """,
        "CREATE INDEX log_chunks_end ON log_chunks (run_id, end_offset)",
        """
        CREATE TABLE agents (
            seq {SEQ},
            id TEXT NOT NULL UNIQUE,
            entity_id TEXT NOT NULL REFERENCES entities(id),
            name TEXT NOT NULL,
            queue_ids TEXT NOT NULL,
            state TEXT NOT NULL,
            last_heartbeat BIGINT NOT NULL,
            created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX agents_entity ON agents (entity_id, seq)",
        """
        CREATE TABLE idempotency_keys (
            key TEXT NOT NULL PRIMARY KEY,
            response {BLOB} NOT NULL,
            created_at BIGINT NOT NULL)
        """,
    ])

    /// Who may use an entity besides admins: the server scopes keys and lists by these rows.
    static let entityMembers = Migration(version: 2, name: "entity members", statements: [
        """
        CREATE TABLE entity_members (
            seq {SEQ},
            entity_id TEXT NOT NULL REFERENCES entities(id),
            user_id TEXT NOT NULL REFERENCES users(id),
            role TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (entity_id, user_id))
        """,
        "CREATE INDEX entity_members_user ON entity_members (user_id, seq)",
    ])

    /// Stop requests travel through the run: the scheduler or a person sets it, the agent reads it.
    static let runStopRequests = Migration(version: 3, name: "run stop requests", statements: [
        "ALTER TABLE runs ADD COLUMN stop_requested_at BIGINT",
    ])

    /// Stopping a sweep cancels its waiting items; this finds them without scanning every queue.
    static let sweepItemsIndex = Migration(version: 4, name: "queue items by sweep", statements: [
        "CREATE INDEX queue_items_sweep ON queue_items (sweep_id, state)",
    ])

    /// A scheduler's trials as rows: saving after every decision writes the trials that changed, not
    /// one document of every trial (which made each save cost O(trials)).
    static let sweepTrials = Migration(version: 5, name: "sweep trials", statements: [
        """
        CREATE TABLE sweep_trials (
            sweep_id TEXT NOT NULL REFERENCES sweeps(id),
            number BIGINT NOT NULL,
            data TEXT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (sweep_id, number))
        """,
    ])

    /// Idempotency records are dropped once older than the server's retention; this finds them by age.
    static let idempotencyAge = Migration(version: 6, name: "idempotency records by age", statements: [
        "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
    ])
}
