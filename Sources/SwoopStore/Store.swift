import Foundation
import SwoopModel

/// Everything Swoop persists, behind one interface with a SQLite and a PostgreSQL implementation.
///
/// Every method is one transaction: when it returns, the write is durable (SQLite `synchronous=FULL`
/// in WAL mode, PostgreSQL commit). Errors are `StoreError`. Lists are paginated by an opaque cursor.
/// Methods that depend on the clock take `now` so the caller (server, tests) owns time.
public protocol Store: Sendable {
    // MARK: Lifecycle

    /// Applies the migrations not yet applied, in order, each in its own transaction; returns their versions.
    @discardableResult
    func migrate() async throws -> [Int]
    /// The highest applied migration version (0 for an empty database).
    func schemaVersion() async throws -> Int
    /// Releases connections; the store must not be used afterwards.
    func close() async

    // MARK: Entities and projects

    func createEntity(name: String, kind: EntityKind, now: Date) async throws -> Entity
    func entity(id: EntityID) async throws -> Entity
    func entity(named name: String) async throws -> Entity
    func listEntities(page: PageRequest) async throws -> Page<Entity>
    func createProject(entity: EntityID, name: String, now: Date) async throws -> Project
    func project(id: ProjectID) async throws -> Project
    func project(entity: EntityID, named name: String) async throws -> Project
    func listProjects(entity: EntityID, page: PageRequest) async throws -> Page<Project>

    // MARK: Users and API keys

    func createUser(name: String, email: String?, role: UserRole, entity: EntityID?, now: Date) async throws -> User
    func user(id: UserID) async throws -> User
    func user(named name: String) async throws -> User
    func listUsers(page: PageRequest) async throws -> Page<User>
    func setUserRole(user: UserID, role: UserRole) async throws -> User
    /// Stores a key record built by the server (which hashed the secret); hashes are unique.
    func createAPIKey(_ key: APIKeyRecord) async throws -> APIKeyRecord
    /// The key with this hash, usable or not: the caller checks `isUsable(at:)` and the scope.
    func apiKey(hash: String) async throws -> APIKeyRecord
    /// The key with this hash and, in the same read, its user and memberships (user keys) or its agent
    /// (agent keys), and the response stored under `replayKey` if one is given (see `idempotentResponse`).
    /// Throws `notFound` for an unknown hash, and for an agent key whose agent is gone.
    func credential(hash: String, replayKey: String?) async throws -> Credential
    func listAPIKeys(user: UserID, page: PageRequest) async throws -> Page<APIKeyRecord>
    func revokeAPIKey(id: APIKeyID, now: Date) async throws -> APIKeyRecord

    // MARK: Memberships

    /// Adds the user to the entity, or changes their role there.
    func setMembership(entity: EntityID, user: UserID, role: UserRole, now: Date) async throws -> Membership
    func removeMembership(entity: EntityID, user: UserID) async throws
    /// Every entity the user belongs to (a user belongs to few; not paginated).
    func memberships(user: UserID) async throws -> [Membership]
    func listMembers(entity: EntityID, page: PageRequest) async throws -> Page<Membership>

    // MARK: Jobs

    func createJob(project: ProjectID, name: String, now: Date) async throws -> Job
    func job(id: JobID) async throws -> Job
    func job(project: ProjectID, named name: String) async throws -> Job
    func listJobs(project: ProjectID, page: PageRequest) async throws -> Page<Job>
    /// Adds the next version (`v0` first) and moves `latest` to it.
    func addJobVersion(
        job: JobID, sourceKind: JobSourceKind, entryPoint: [String], artifactDigest: String?,
        metadata: JSONValue, now: Date
    ) async throws -> JobVersion
    /// Like `addJobVersion`, unless a version with the same source kind, entry point, artifact and
    /// metadata exists: then `latest` moves to that one and `created` is false. One transaction, so
    /// clients racing to publish the same code make one version.
    func addJobVersionIfChanged(
        job: JobID, sourceKind: JobSourceKind, entryPoint: [String], artifactDigest: String?,
        metadata: JSONValue, now: Date
    ) async throws -> (version: JobVersion, created: Bool)
    func listJobVersions(job: JobID, page: PageRequest) async throws -> Page<JobVersion>
    /// Points a custom alias at a version; `vN` aliases cannot be set, `latest` can (to roll back).
    func setJobAlias(job: JobID, alias: String, version: Int) async throws -> JobAlias
    func listJobAliases(job: JobID) async throws -> [JobAlias]
    /// Resolves `latest`, `vN` or a custom alias to a version.
    func resolveJobVersion(job: JobID, alias: String) async throws -> JobVersion

    // MARK: Queues and items

    func createQueue(
        entity: EntityID, name: String, resource: String, configTemplate: JSONValue, prioritized: Bool,
        expiredLeasePolicy: ExpiredLeasePolicy, now: Date
    ) async throws -> Queue
    func queue(id: QueueID) async throws -> Queue
    func queue(entity: EntityID, named name: String) async throws -> Queue
    func listQueues(entity: EntityID, page: PageRequest) async throws -> Page<Queue>
    /// Changes a queue's settings; items already queued keep their priority, ordering follows the new setting.
    func updateQueue(
        id: QueueID, configTemplate: JSONValue, prioritized: Bool, expiredLeasePolicy: ExpiredLeasePolicy
    ) async throws -> Queue
    func enqueue(
        queue: QueueID, spec: JSONValue, priority: Priority, run: RunID?, sweep: SweepID?, isScheduler: Bool, now: Date
    ) async throws -> QueueItem
    func queueItem(id: QueueItemID) async throws -> QueueItem
    /// The item and its queue, in one read (every agent call on an item checks the queue's entity).
    func queueItemAndQueue(id: QueueItemID) async throws -> (item: QueueItem, queue: Queue)
    /// Items of a queue in enqueue order, optionally only those in `states`.
    func listQueueItems(queue: QueueID, states: Set<QueueItemState>?, page: PageRequest) async throws -> Page<QueueItem>
    /// Claims the next pending item of the first queue (in the given order) that has one: lowest priority
    /// number first (all `medium` when the queue is not prioritized), then first enqueued. Nil when all are empty.
    /// Two callers never receive the same item.
    func lease(queues: [QueueID], agent: AgentID, leaseSeconds: Int, now: Date) async throws -> QueueItem?
    /// Extends the lease of an item the agent holds (leased or running). A lease past its deadline can still
    /// be renewed until `expireLeases` takes the item back; after that the old holder gets a conflict.
    ///
    /// Every write an agent makes on an item names the lease it makes it under (`lease.item` is the item):
    /// the store refuses it with `leaseLost` once the item is not held by `lease.agent`, or was leased again
    /// since `lease.attempt` (an agent whose own earlier lease lapsed and came back to it is still fenced).
    func heartbeat(lease: LeaseHolder, leaseSeconds: Int, now: Date) async throws -> QueueItem
    /// Extends the leases of many items in one transaction (an agent renewing all its runs at once). A lease that is
    /// not the agent's any more, or an unknown item, goes into `lost` and leaves the others renewed.
    func renewLeases(_ leases: [LeaseHolder], leaseSeconds: Int, now: Date) async throws -> LeaseRenewals
    /// The agent started the item (and its run, if it created one).
    func markRunning(lease: LeaseHolder, run: RunID?, now: Date) async throws -> QueueItem
    func complete(lease: LeaseHolder, now: Date) async throws -> QueueItem
    func fail(lease: LeaseHolder, message: String, now: Date) async throws -> QueueItem
    /// The agent gives the item back (preemption, shutdown): it is pending again, first in line among its priority.
    func requeue(lease: LeaseHolder, now: Date) async throws -> QueueItem
    /// Takes a pending item off its queue (its sweep was cancelled): it becomes `failed` with `reason`.
    /// Held items are refused: the agent holding one must be asked to stop it.
    func cancelItem(id: QueueItemID, reason: String, now: Date) async throws -> QueueItem
    /// Cancels every pending item of a sweep in one transaction (the sweep was stopped or cancelled);
    /// returns them. Held items are left to their agents.
    func cancelPendingItems(sweep: SweepID, reason: String, now: Date) async throws -> [QueueItem]
    /// Takes back every held item whose deadline is before `now`: leased ones go back to pending; running ones
    /// are requeued or failed (their run crashed) per their queue's policy.
    func expireLeases(now: Date) async throws -> [ExpiredLease]

    // MARK: Runs

    /// A new `queued` run; `id` lets the caller choose the id (W&B reuses a run id on resume).
    func createRun(
        id: RunID?, project: ProjectID, sweep: SweepID?, name: String?, config: JSONValue, now: Date
    ) async throws -> Run
    func run(id: RunID) async throws -> Run
    /// Those of `ids` that belong to `entity` and have a stop request, in creation order; unknown ids are left out.
    func stopRequestedRuns(among ids: [RunID], entity: EntityID) async throws -> [RunID]
    func listRuns(project: ProjectID, page: PageRequest) async throws -> Page<Run>
    /// Moves a run along its state machine; an illegal move throws `illegalTransition` naming both states.
    /// With `lease`, the write is an agent's on behalf of that queue item: in the same transaction the item
    /// must still be leased to that agent (and be this run's), or it throws `leaseLost` and changes nothing.
    func transitionRun(
        id: RunID, to state: RunState, exitCode: Int?, errorMessage: String?, lease: LeaseHolder?, now: Date
    ) async throws -> Run
    /// Asks a live run to stop (the first request's time is kept); a run that already ended is returned unchanged.
    func requestStop(run: RunID, now: Date) async throws -> Run
    func setSummary(run: RunID, summary: JSONValue, now: Date) async throws -> Run
    /// Stores each (step, key) value once: values already present are left alone, a batch whose idempotency
    /// key was seen is not applied again.
    func appendMetrics(run: RunID, batch: MetricBatch, now: Date) async throws -> MetricAppendResult
    /// Metric values written after `cursor` (0 for all), at most `limit` values, in write order.
    func metrics(run: RunID, since cursor: Int64, limit: Int) async throws -> MetricHistory
    /// Appends `text` at byte `offset`, which must be the log's current size; resending a chunk that is
    /// already stored at that offset is accepted. Returns the log's size afterwards.
    func appendLog(run: RunID, offset: Int64, text: String, now: Date) async throws -> Int64
    /// Chunks that end after `offset`, at most `limit` of them.
    func logs(run: RunID, from offset: Int64, limit: Int) async throws -> LogPage

    // MARK: Sweeps

    func createSweep(
        project: ProjectID, name: String?, config: JSONValue, queue: QueueID?, priority: Priority, now: Date
    ) async throws -> Sweep
    func sweep(id: SweepID) async throws -> Sweep
    /// The sweep with `schedulerState` nil (its version is there): reading the state costs O(its size).
    func sweepWithoutState(id: SweepID) async throws -> Sweep
    func listSweeps(project: ProjectID, page: PageRequest) async throws -> Page<Sweep>
    /// With `from`, only a sweep in that state moves (a conflict otherwise), so a scheduler starting up cannot
    /// turn a sweep that was stopped meanwhile back into a running one.
    func transitionSweep(id: SweepID, to state: SweepState, from: SweepState?, now: Date) async throws -> Sweep
    /// Resume and settings changes: a new queue and priority for a sweep that is not running.
    func updateSweepLaunch(id: SweepID, queue: QueueID?, priority: Priority, now: Date) async throws -> Sweep
    /// Compare-and-set: saves only when the stored version is `expectedVersion`; the new version is one more.
    func saveSchedulerState(sweep: SweepID, state: JSONValue, expectedVersion: Int, now: Date) async throws -> Sweep
    /// Runs of the sweep that changed after `cursor` (created, state, summary, metrics), oldest change first.
    func runs(sweep: SweepID, sinceCursor cursor: Int64, limit: Int) async throws -> SweepRunChanges

    // MARK: Agents

    func registerAgent(entity: EntityID, name: String, queues: [QueueID], now: Date) async throws -> Agent
    func agentHeartbeat(id: AgentID, state: AgentState, now: Date) async throws -> Agent
    func agent(id: AgentID) async throws -> Agent
    func listAgents(entity: EntityID, page: PageRequest) async throws -> Page<Agent>

    // MARK: Idempotency

    /// Remembers the first response given for `key`; returns the stored response (the earlier one on a retry).
    func recordIdempotent(key: String, response: Data, now: Date) async throws -> Data
    /// The response stored for `key`, nil if the key was never used.
    func idempotentResponse(key: String) async throws -> Data?
    /// Forgets up to `limit` of the oldest records made before `before`; returns how many it removed.
    /// A retry after that is applied again, so the server keeps records far longer than any retry takes.
    func expireIdempotencyRecords(before: Date, limit: Int) async throws -> Int
}

extension Store {
    /// A transition made by no lease holder (a user, the run itself).
    public func transitionRun(id: RunID, to state: RunState, exitCode: Int?, errorMessage: String?, now: Date) async throws -> Run {
        try await transitionRun(id: id, to: state, exitCode: exitCode, errorMessage: errorMessage, lease: nil, now: now)
    }

    /// A transition from whatever state the sweep is in (when the move is legal).
    public func transitionSweep(id: SweepID, to state: SweepState, now: Date) async throws -> Sweep {
        try await transitionSweep(id: id, to: state, from: nil, now: now)
    }
}
