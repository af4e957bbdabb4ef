import Foundation
import Logging
import SwoopClient
import SwoopModel

/// A launch agent (reference §4.5): registers, waits for items on its queues with the server's
/// long-poll lease (no busy polling), takes them round-robin across queues, and runs each on the
/// queue's resource while it renews the lease, streams output, and obeys stop requests.
///
/// `drain()` (first SIGTERM/SIGINT) stops leasing and lets running runs finish; after the drain grace,
/// or on `handBack()` (second signal), running runs are stopped and their items go back to the queue.
public actor LaunchAgent {
    public nonisolated let options: LaunchAgentOptions
    let client: SwoopClient
    let settings: RunSettings
    let codeCache: CodeCache
    let lookups = LookupCache()
    let logger: Logger
    let resources: [String: any Resource]

    /// Set once registered.
    public private(set) var agentID: AgentID?
    private var agentClient: SwoopClient
    /// Polls the stop requests of all this agent's runs at once (made at registration).
    private var stops: StopRequestRounds?
    /// Renews the leases of all this agent's items at once (made at registration).
    private var leases: LeaseRenewalRounds?
    /// Sends the output of all this agent's runs at once (made at registration).
    private var output: OutputShipper?
    private var order: [Queue] = []
    private var active: [QueueItemID: (handle: RunHandle, isScheduler: Bool)] = [:]
    private var draining = false
    private var handingBack = false
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var schedulerPause: [QueueID: ContinuousClock.Instant] = [:]
    /// Items started so far (for logs and tests).
    public private(set) var started = 0

    public init(
        client: SwoopClient, options: LaunchAgentOptions, settings: RunSettings, unpack: @escaping CodeCache.Unpack = CodeCache.unpackArchive,
        resources: [any Resource]? = nil, logger: Logger = Logger(label: "swoop.agent")
    ) {
        self.client = client; self.agentClient = client; self.options = options; self.settings = settings; self.logger = logger
        self.codeCache = CodeCache(root: settings.workDirectory.appendingPathComponent("code", isDirectory: true), unpack: unpack)
        var byKind: [String: any Resource] = [:]
        for r in resources ?? Self.availableResources() { byKind[r.kind] = r }
        if let container = byKind["local-container"] { byKind["container"] = container }
        self.resources = byKind
    }

    /// The resources this machine offers: always `local-process`; `local-container` when podman (or a
    /// docker whose daemon answers) is found; `kubernetes` when `kubectl` is; `slurm` when `sbatch` is.
    public static func availableResources() -> [any Resource] {
        var list: [any Resource] = [LocalProcessResource()]
        if let container = LocalContainerResource.detect() { list.append(container) }
        if let kubernetes = KubernetesResource.detect() { list.append(kubernetes) }
        if let slurm = SlurmResource.detect() { list.append(slurm) }
        return list
    }

    // MARK: - lifecycle

    /// Registers, then serves the queues until drained; returns when every run has ended or been handed back.
    public func run(onReady: (@Sendable (AgentID) -> Void)? = nil) async throws {
        try await register()
        guard let agentID else { return }
        onReady?(agentID)
        let beat = Task { await self.heartbeatLoop() }
        defer { beat.cancel() }
        while !draining {
            guard hasJobSlot else {
                await waitForWake(timeout: .seconds(30))
                continue
            }
            let queues = leasableQueues()
            guard !queues.isEmpty else {
                await waitForWake(timeout: .seconds(1))
                continue
            }
            let item: QueueItem?
            do {
                item = try await agentClient.lease(
                    agent: agentID, queues: queues, leaseSeconds: settings.leaseSeconds, waitSeconds: options.pollWaitSeconds)
            } catch {
                if draining { break }
                logger.warning("lease request failed: \(error); trying again")
                await waitForWake(timeout: .seconds(2))
                continue
            }
            guard let item else { continue }
            if draining {
                _ = try? await agentClient.requeue(item.lease(heldBy: agentID))
            } else {
                rotate(to: item.queueID)
                await start(item)
            }
        }
        await finishDraining()
        _ = try? await agentClient.agentHeartbeat(id: agentID, state: .stopped)
        logger.info("agent \(agentID) stopped")
    }

    /// Stops taking new items; running runs go on (up to the drain grace).
    public func drain() {
        guard !draining else { return }
        draining = true
        // The lease request in flight is left to end by itself: cancelling it client-side would not stop the
        // server from leasing an item to it, and that item would then wait for its lease to expire.
        logger.info("draining: no new items; \(active.count) run(s) still running")
        wakeAll()
    }

    /// Stops every running run now and gives its item back to the queue.
    public func handBack() async {
        drain()
        handingBack = true
        for entry in active.values { await entry.handle.stop(.handBack) }
        wakeAll()
    }

    /// How many runs (schedulers included) are running now.
    public var runningCount: Int { active.count }

    func register() async throws {
        let entityName: String
        if let e = options.entity {
            entityName = e
        } else if let user = try await client.me().user {
            entityName = user.name
        } else {
            throw SetupFailure("name the entity with --entity or SWOOP_ENTITY (the server runs without users)")
        }
        let entity = try await client.entity(named: entityName)
        var all: [Queue] = []
        var page = PageRequest.first
        while true {
            let p = try await client.listQueues(entity: entity.id, page: page)
            all += p.items
            guard let next = p.nextCursor else { break }
            page = PageRequest(cursor: next, limit: page.limit)
        }
        order = try options.queues.map { name in
            guard let q = all.first(where: { $0.name == name }) else {
                throw SetupFailure("entity '\(entityName)' has no queue '\(name)' (it has: \(all.map(\.name).sorted().joined(separator: ", ")))")
            }
            return q
        }
        for q in order where resources[q.resource] == nil {
            throw SetupFailure("queue '\(q.name)' needs resource '\(q.resource)', which this machine cannot run (it offers: \(resources.keys.sorted().joined(separator: ", ")))")
        }
        let agent = try await client.registerAgent(entity: entity.id, name: options.name, queues: order.map(\.id))
        let token = try await client.createAgentToken(agent: agent.id, name: "agent \(options.name)")
        agentClient = client.with(apiKey: token.key)
        agentID = agent.id
        stops = .stopRequests(agent: agent.id, client: agentClient, interval: settings.stopPollInterval, logger: logger)
        leases = .leaseRenewals(agent: agent.id, client: agentClient, leaseSeconds: settings.leaseSeconds, logger: logger)
        output = .agent(agent.id, client: agentClient, logger: logger)
        logger.info("agent \(agent.id) serving \(order.map(\.name).joined(separator: ", "))")
    }

    /// A setup problem, said plainly.
    public struct SetupFailure: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    // MARK: - scheduling

    private var jobsRunning: Int { active.values.filter { !$0.isScheduler }.count }
    private var schedulersRunning: Int { active.values.filter(\.isScheduler).count }
    private var hasJobSlot: Bool { options.maxJobs.map { jobsRunning < $0 } ?? true }
    private var schedulersFull: Bool { options.maxSchedulers.map { schedulersRunning >= $0 } ?? false }

    /// The queues to lease from now, in round-robin order; a queue whose scheduler item had to be given
    /// back waits a little while the scheduler slots stay full.
    private func leasableQueues() -> [QueueID] {
        let now = ContinuousClock.now
        return order.filter { q in
            guard schedulersFull, let until = schedulerPause[q.id] else { return true }
            return now >= until
        }.map(\.id)
    }

    /// The queue that just gave an item goes to the end of the line (W&B's round-robin fairness).
    private func rotate(to queue: QueueID) {
        guard let i = order.firstIndex(where: { $0.id == queue }) else { return }
        order.append(order.remove(at: i))
    }

    private func start(_ item: QueueItem) async {
        guard let agentID else { return }
        let spec: LaunchSpec
        do { spec = try LaunchSpec(json: item.spec) } catch {
            _ = try? await agentClient.fail(item.lease(heldBy: agentID), message: "the item's spec is not a launch spec: \(error)")
            return
        }
        let isScheduler = item.isScheduler || spec.kind == .scheduler
        if isScheduler, schedulersFull {
            // W&B leaves such an item to its lease's expiry; giving it back at once lets another agent take it now.
            _ = try? await agentClient.requeue(item.lease(heldBy: agentID))
            schedulerPause[item.queueID] = .now + .seconds(5)
            return
        }
        guard let queue = order.first(where: { $0.id == item.queueID }), let resource = resources[queue.resource] else {
            _ = try? await agentClient.fail(item.lease(heldBy: agentID), message: "this agent cannot run the item's queue resource")
            return
        }
        let handle = RunHandle(control: RunControl(grace: settings.stopGrace))
        active[item.id] = (handle, isScheduler)
        started += 1
        let executor = RunExecutor(
            client: agentClient, settings: settings, codeCache: codeCache, lookups: lookups, logger: logger, stops: stops, leases: leases,
            output: output)
        let lease = RunExecutor.Lease(item: item, agent: agentID)
        let config = ResourceConfigMacros.merged(queue.configTemplate, spec.resourceArgs)
        logger.info("item \(item.id) (\(isScheduler ? "scheduler" : "run") \(spec.runID?.rawValue ?? spec.sweepID?.rawValue ?? "-")) started on \(queue.name)")
        Task.detached { [logger] in
            let ending = await executor.execute(spec: spec, lease: lease, resource: resource, resourceConfig: config, handle: handle)
            logger.info("item \(item.id) ended: \(ending)")
            await self.ended(item.id)
        }
    }

    private func ended(_ item: QueueItemID) {
        active[item] = nil
        wakeAll()
    }

    private func finishDraining() async {
        let deadline = ContinuousClock.now + options.drainGrace
        while !active.isEmpty, !handingBack, ContinuousClock.now < deadline {
            await waitForWake(timeout: min(deadline - ContinuousClock.now, .seconds(1)))
        }
        if !active.isEmpty, !handingBack { await handBack() }
        while !active.isEmpty { await waitForWake(timeout: .seconds(1)) }
    }

    private func heartbeatLoop() async {
        guard let agentID else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(15))
            if Task.isCancelled { return }
            _ = try? await agentClient.agentHeartbeat(id: agentID, state: active.isEmpty ? .polling : .running)
        }
    }

    // MARK: - waking the main loop

    private func waitForWake(timeout: Duration) async {
        let id = UUID()
        let timer = Task { try? await Task.sleep(for: timeout); self.fire(id) }
        await withCheckedContinuation { c in waiters[id] = c }
        timer.cancel()
    }

    private func fire(_ id: UUID) { waiters.removeValue(forKey: id)?.resume() }

    private func wakeAll() {
        let all = waiters
        waiters = [:]
        for c in all.values { c.resume() }
    }
}
