/// Every statement the stores run, written once for both dialects (`?` placeholders, `{...}` slots).
enum SQL {
    // MARK: Migrations
    static let createMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
        """
    static let migrationApplied = "SELECT version FROM schema_migrations WHERE version = ?"
    static let recordMigration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"
    static let maxMigration = "SELECT MAX(version) FROM schema_migrations"

    // MARK: Entities, projects, users, keys
    static let insertEntity = "INSERT INTO entities (id, name, kind, created_at) VALUES (?, ?, ?, ?)"
    static let entityByID = "SELECT \(RecordRows.entity) FROM entities WHERE id = ?"
    static let entityByName = "SELECT \(RecordRows.entity) FROM entities WHERE name = ?"
    static let listEntities = "SELECT \(RecordRows.entity) FROM entities WHERE seq > ? ORDER BY seq LIMIT ?"

    static let insertProject = "INSERT INTO projects (id, entity_id, name, created_at) VALUES (?, ?, ?, ?)"
    static let projectByID = "SELECT \(RecordRows.project) FROM projects WHERE id = ?"
    static let projectByName = "SELECT \(RecordRows.project) FROM projects WHERE entity_id = ? AND name = ?"
    static let listProjects = """
        SELECT \(RecordRows.project) FROM projects WHERE entity_id = ? AND seq > ? ORDER BY seq LIMIT ?
        """

    static let insertUser = """
        INSERT INTO users (id, name, email, role, entity_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
        """
    static let userByID = "SELECT \(RecordRows.user) FROM users WHERE id = ?"
    static let userByName = "SELECT \(RecordRows.user) FROM users WHERE name = ?"
    static let listUsers = "SELECT \(RecordRows.user) FROM users WHERE seq > ? ORDER BY seq LIMIT ?"
    static let setUserRole = "UPDATE users SET role = ? WHERE id = ?"

    static let insertAPIKey = """
        INSERT INTO api_keys (id, user_id, name, prefix, hash, scope, run_id, agent_id, entity_id, project_id,
            created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let apiKeyByID = "SELECT \(RecordRows.apiKey) FROM api_keys WHERE id = ?"
    static let apiKeyByHash = "SELECT \(RecordRows.apiKey) FROM api_keys WHERE hash = ?"
    static let listAPIKeys = """
        SELECT \(RecordRows.apiKey) FROM api_keys WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?
        """
    static let revokeAPIKey = "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?"

    // MARK: Memberships
    static let upsertMember = """
        INSERT INTO entity_members (entity_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (entity_id, user_id) DO UPDATE SET role = excluded.role
        """
    static let member = "SELECT \(RecordRows.membership) FROM entity_members WHERE entity_id = ? AND user_id = ?"
    static let deleteMember = "DELETE FROM entity_members WHERE entity_id = ? AND user_id = ?"
    static let membershipsOfUser = "SELECT \(RecordRows.membership) FROM entity_members WHERE user_id = ? ORDER BY seq"
    static let listMembers = """
        SELECT \(RecordRows.membership) FROM entity_members WHERE entity_id = ? AND seq > ? ORDER BY seq LIMIT ?
        """

    // MARK: Jobs
    static let insertJob = "INSERT INTO jobs (id, project_id, name, latest_version, created_at) VALUES (?, ?, ?, -1, ?)"
    static let jobByID = "SELECT \(RecordRows.job) FROM jobs WHERE id = ?"
    static let jobByIDForUpdate = "SELECT \(RecordRows.job) FROM jobs WHERE id = ?{FOR_UPDATE}"
    static let jobByName = "SELECT \(RecordRows.job) FROM jobs WHERE project_id = ? AND name = ?"
    static let listJobs = "SELECT \(RecordRows.job) FROM jobs WHERE project_id = ? AND seq > ? ORDER BY seq LIMIT ?"
    static let setJobLatest = "UPDATE jobs SET latest_version = ? WHERE id = ?"
    static let insertJobVersion = """
        INSERT INTO job_versions (job_id, version, source_kind, entry_point, artifact_digest, metadata, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    static let jobVersion = "SELECT \(RecordRows.jobVersion) FROM job_versions WHERE job_id = ? AND version = ?"
    /// The newest version whose source and entry point equal the given ones (metadata is canonical JSON text).
    static let identicalJobVersion = """
        SELECT version FROM job_versions
        WHERE job_id = ? AND source_kind = ? AND entry_point = ? AND COALESCE(artifact_digest, '') = ? AND metadata = ?
        ORDER BY version DESC LIMIT 1
        """
    static let listJobVersions = """
        SELECT \(RecordRows.jobVersion) FROM job_versions WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?
        """
    static let upsertJobAlias = """
        INSERT INTO job_aliases (job_id, alias, version) VALUES (?, ?, ?)
        ON CONFLICT (job_id, alias) DO UPDATE SET version = excluded.version
        """
    static let jobAlias = "SELECT version FROM job_aliases WHERE job_id = ? AND alias = ?"
    static let listJobAliases = "SELECT job_id, alias, version FROM job_aliases WHERE job_id = ? ORDER BY alias"

    // MARK: Agents
    static let insertAgent = """
        INSERT INTO agents (id, entity_id, name, queue_ids, state, last_heartbeat, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    static let agentByID = "SELECT \(RecordRows.agent) FROM agents WHERE id = ?"
    static let agentHeartbeat = "UPDATE agents SET state = ?, last_heartbeat = ? WHERE id = ?"
    static let listAgents = "SELECT \(RecordRows.agent) FROM agents WHERE entity_id = ? AND seq > ? ORDER BY seq LIMIT ?"

    // MARK: Idempotency
    static let insertIdempotent = """
        INSERT INTO idempotency_keys (key, response, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING
        """
    static let idempotent = "SELECT response FROM idempotency_keys WHERE key = ?"
    /// The oldest records made before a time, a bounded batch (no DELETE ... LIMIT in both dialects).
    static let expireIdempotent = """
        DELETE FROM idempotency_keys WHERE key IN
            (SELECT key FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?)
        """
}
