import Foundation
import Logging
import SwoopClient
import SwoopModel

/// Runs one launch spec from start to end: makes or finds its run, gives it a token of its own, prepares
/// its folder, command and environment, runs it on a resource while streaming its output, obeys stop
/// requests, and reports how it ended. With a queue item it also keeps the item's lease and completes,
/// fails or requeues the item.
public struct RunExecutor: Sendable {
    let client: SwoopClient
    let settings: RunSettings
    let codeCache: CodeCache
    let lookups: LookupCache
    let logger: Logger
    /// Also shows each output line here (`swoop launch --local` prints the run's output).
    let echo: (@Sendable (OutputLine) -> Void)?
    /// Shared by all of an agent's executions, so their stop requests are polled in one request.
    let stops: StopRequestRounds
    /// Shared the same way for lease renewals (nil: each execution renews its own lease in its own rounds).
    let leases: LeaseRenewalRounds?
    /// Shared the same way for the runs' output (one request per round for all of an agent's runs).
    let output: OutputShipper

    public init(
        client: SwoopClient, settings: RunSettings, codeCache: CodeCache, lookups: LookupCache = LookupCache(),
        logger: Logger = Logger(label: "swoop.agent"), echo: (@Sendable (OutputLine) -> Void)? = nil, stops: StopRequestRounds? = nil,
        leases: LeaseRenewalRounds? = nil, output: OutputShipper? = nil
    ) {
        self.client = client; self.settings = settings; self.codeCache = codeCache; self.lookups = lookups; self.logger = logger
        self.echo = echo
        self.stops = stops ?? .stopRequests(client: client, interval: settings.stopPollInterval, logger: logger)
        self.leases = leases
        self.output = output ?? .perRun()
    }

    /// The queue item being run and the agent holding it.
    public struct Lease: Sendable {
        public var item: QueueItem
        public var agent: AgentID
        public init(item: QueueItem, agent: AgentID) { self.item = item; self.agent = agent }
        /// What run writes carry so the server refuses them once the lease is someone else's.
        public var holder: LeaseHolder { item.lease(heldBy: agent) }
    }

    /// How an execution ended, from the agent's point of view.
    public enum Ending: Sendable, Equatable {
        /// The run reached this final state (nil when no run could be made).
        case finished(RunState?)
        /// The item went back to its queue (agent shutting down, or the run was preempted).
        case requeued
        /// The lease was lost; someone else owns the item now.
        case leaseLost
    }

    /// A failure before the process ran, with the message for the run's log and state.
    struct SetupError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// A stop (or lost lease, or hand-back) came while the run was being prepared: no process is started.
    struct StoppedBeforeStart: Error {}

    /// What the run needs once its run record is known.
    struct Started {
        var run: Run
        var projectID: ProjectID
        var token: String
    }

    // MARK: - the whole execution

    public func execute(
        spec: LaunchSpec, lease: Lease?, resource: any Resource, resourceConfig: JSONValue, handle: RunHandle
    ) async -> Ending {
        var spec = spec
        if spec.sweepID == nil { spec.sweepID = lease?.item.sweepID }
        if spec.runID == nil, spec.kind == .run { spec.runID = lease?.item.runID }
        let started: Started
        do {
            started = try await startRun(spec: spec, lease: lease)
        } catch let error as SwoopClientError where error.isLeaseLost {
            logger.warning("lost the lease of item \(lease?.item.id.rawValue ?? "-") before its run started: \(error); dropping it")
            return .leaseLost
        } catch {
            let message = "could not start the run: \(error)"
            logger.error("\(message)", metadata: ["item": "\(lease?.item.id.rawValue ?? "-")"])
            if let lease { await finishItem(lease, failure: message) }
            return .finished(nil)
        }
        let runID = started.run.id
        let recorder = RunOutputRecorder(client: client, runID: runID, logOffset: started.run.logSize)
        let stopWatch = await stops.watch(runID, handle: handle)
        let renewals = lease.map { leases ?? .leaseRenewals(agent: $0.agent, client: client, leaseSeconds: settings.leaseSeconds, logger: logger) }
        var renewal: LeaseRenewalRounds.Watch?
        if let lease, let renewals { renewal = await renewals.watch(lease.holder, handle: handle) }
        await output.add(recorder)
        let outcome: RunOutcome
        do {
            let preparing = { @Sendable [self, spec] in
                try await self.prepare(spec: spec, started: started, resource: resource, resourceConfig: resourceConfig, recorder: recorder)
            }
            guard let prepared = try await handle.unlessStopped(preparing) else {
                throw StoppedBeforeStart()
            }
            let echo = self.echo
            let client = self.client
            outcome = await resource.run(
                prepared, control: handle.control,
                started: {
                    do {
                        if let lease { _ = try await client.markRunning(lease.holder, run: runID) }
                        _ = try await client.transitionRun(id: runID, to: .running, lease: lease?.holder)
                    } catch let error as SwoopClientError where error.isLeaseLost {
                        // Someone else holds the item now: stop this copy; conclude() drops it without reporting.
                        logger.warning("lost the lease of item \(lease?.item.id.rawValue ?? "-") as its process started: \(error); dropping it")
                        await handle.stop(.leaseLost)
                    } catch {}
                },
                output: { line in
                    echo?(line)
                    await recorder.record(line)
                })
        } catch is StoppedBeforeStart {
            outcome = .ended(.stopped, exitCode: nil, message: "stopped before its process started")
        } catch {
            outcome = .couldNotStart("\(error)")
        }
        if let renewal, let renewals { await renewals.forget(renewal) }
        await stops.forget(stopWatch)
        await output.remove(recorder)
        return await conclude(spec: spec, lease: lease, runID: runID, outcome: outcome, handle: handle, recorder: recorder)
    }

    // MARK: - steps

    /// Finds (or makes) the run, moves it to `starting`, and makes its token.
    func startRun(spec: LaunchSpec, lease: Lease?) async throws -> Started {
        let project = try await lookups.project(entity: spec.entity, named: spec.project, client: client)
        var run: Run
        if spec.kind == .scheduler, let sweep = spec.sweepID ?? lease?.item.sweepID {
            // The scheduler's run has the sweep's id and no sweep of its own: its token is the scheduler token.
            run = try await findOrCreateRun(id: RunID(sweep.rawValue), project: project.id, sweep: nil, spec: spec)
        } else if let id = spec.runID ?? lease?.item.runID {
            run = try await findOrCreateRun(id: id, project: project.id, sweep: spec.sweepID, spec: spec)
        } else {
            run = try await client.createRun(
                project: project.id, sweep: spec.sweepID, name: spec.name, config: .object(spec.overrides.runConfig))
        }
        if run.state.canTransition(to: .starting) { run = try await client.transitionRun(id: run.id, to: .starting, lease: lease?.holder) }
        let token = try await client.createRunToken(run: run.id, name: "run \(run.id) (agent)")
        return Started(run: run, projectID: project.id, token: token.key)
    }

    func findOrCreateRun(id: RunID, project: ProjectID, sweep: SweepID?, spec: LaunchSpec) async throws -> Run {
        do {
            return try await client.run(id: id)
        } catch SwoopClientError.server(404, _, _, _) {
            return try await client.createRun(
                project: project, id: id, sweep: sweep, name: spec.name, config: .object(spec.overrides.runConfig))
        }
    }

    /// The run folder, command and environment.
    func prepare(
        spec: LaunchSpec, started: Started, resource: any Resource, resourceConfig: JSONValue, recorder: RunOutputRecorder
    ) async throws -> PreparedRun {
        let runID = started.run.id
        let folder = settings.workDirectory.appendingPathComponent("runs", isDirectory: true)
            .appendingPathComponent(runID.rawValue, isDirectory: true)
        var entryPoint: [String]
        var code: URL?
        var image = spec.imageURI
        var program: String?
        if spec.kind == .scheduler, spec.job == nil, spec.jobID == nil {
            guard let sweep = spec.sweepID else { throw SetupError("a scheduler item needs a sweep id in its spec") }
            entryPoint = [settings.swoopExecutable, "scheduler", sweep.rawValue]
        } else if let version = try await jobVersion(spec) {
            entryPoint = spec.overrides.entryPoint ?? version.entryPoint
            program = version.metadata["program"]?.stringValue
            if image == nil { image = version.metadata["image"]?.stringValue }
            if spec.gitVersion != nil, version.sourceKind != .git {
                throw SetupError("gitVersion goes with a git job; job version v\(version.version) is a \(version.sourceKind.rawValue) job")
            }
            switch version.sourceKind {
            case .code:
                if let digest = version.artifactDigest {
                    let client = self.client
                    code = try await codeCache.folder(digest: digest) { try await client.downloadBlob(digest: digest) }
                }
            case .image:
                guard resource.runsImages else {
                    throw SetupError("job version v\(version.version) is an image job (\(image ?? "no image")); run it on a local-container or kubernetes queue")
                }
            case .git:
                let source: GitSource
                do {
                    source = try GitSource(metadata: version.metadata, revision: spec.gitVersion)
                } catch {
                    throw SetupError("job version v\(version.version): \(error)")
                }
                let checkout = try await codeCache.checkout(source)
                code = checkout.folder
                // A branch or tag names a different commit tomorrow: the log says which one ran.
                await recorder.note("code: \(source.remote) at commit \(checkout.commit)" + (source.path.map { ", folder \($0)" } ?? ""))
            }
        } else if spec.imageURI != nil {
            if spec.gitVersion != nil { throw SetupError("gitVersion goes with a git job; this spec runs an image") }
            entryPoint = spec.overrides.entryPoint ?? []
        } else {
            throw SetupError("the launch spec names no job and no image")
        }
        try CodeCache.prepareRunFolder(folder, code: code)
        let configFile = resource.visiblePath(ofRunFolder: folder) + "/" + RunEnvironment.configFileName
        let env = RunEnvironment(
            baseURL: settings.baseURL.contains(",") ? client.addresses.preferredFirst : settings.baseURL, runToken: started.token, runID: runID, project: spec.project, entity: spec.entity,
            sweepID: spec.sweepID, config: spec.overrides.runConfig, configFile: configFile)
        try Data(env.configJSON.utf8).write(to: folder.appendingPathComponent(RunEnvironment.configFileName))
        let environment = env.merged(over: settings.inheritedEnvironment)
        let context = CommandMacroContext(
            args: spec.overrides.runConfig, program: program, interpreter: settings.interpreter, argsJSONFile: configFile,
            environment: environment)
        let base = entryPoint.isEmpty && image == nil ? CommandMacros.defaultCommand : entryPoint
        let command = CommandMacros.expand(base + spec.overrides.args, context)
        let macroValues = ResourceConfigMacros.values(for: spec, runID: runID, imageURI: image)
        let config = ResourceConfigMacros.apply(resourceConfig, values: macroValues, environment: settings.inheritedEnvironment)
        return PreparedRun(
            runID: runID, command: command, environment: environment, workingDirectory: folder, resourceConfig: config, image: image)
    }

    /// The exact job version the item was enqueued with, or the one its reference names now.
    func jobVersion(_ spec: LaunchSpec) async throws -> JobVersion? {
        if let job = spec.jobID, let v = spec.jobVersion { return try await lookups.jobVersion(job: job, version: v, client: client) }
        if let job = spec.jobID { return try await client.resolveJobVersion(job: job, alias: "latest") }
        if let ref = spec.job { return try await client.resolveJob(reference: ref, entity: spec.entity, project: spec.project) }
        return nil
    }

    /// Reports the outcome: final run state, exit code, the item's completion, a preempted run's requeue.
    func conclude(
        spec: LaunchSpec, lease: Lease?, runID: RunID, outcome: RunOutcome, handle: RunHandle, recorder: RunOutputRecorder
    ) async -> Ending {
        let reason = await handle.reason
        if reason == .leaseLost {
            // The run is someone else's now: nothing more of this attempt is written to it.
            logger.warning("dropped run \(runID) of item \(lease?.item.id.rawValue ?? "-"): its lease was lost")
            return .leaseLost
        }
        if reason == .handBack, let lease {
            await recorder.note("the agent shut down; the run goes back to its queue")
            await flushForSure(recorder)
            do {
                _ = try await client.requeue(lease.holder)
                return .requeued
            } catch {
                logger.error("could not hand item \(lease.item.id) back: \(error); its lease will expire")
                return .leaseLost
            }
        }
        if let lease, reason != .handBack, await leaseIsLost(lease) {
            // Its lease lapsed while the process ran (the agent was frozen, say): nothing of it is reported.
            logger.warning("dropped run \(runID) of item \(lease.item.id): its lease was lost while it ran")
            return .leaseLost
        }
        var current = try? await client.run(id: runID)
        if case .ended(.preempted, _, let message) = outcome, let lease, current?.state.canTransition(to: .preempted) == true {
            await recorder.note(message)
            current = (try? await client.transitionRun(id: runID, to: .preempted, errorMessage: message, lease: lease.holder)) ?? current
        }
        if current?.state == .preempted, let lease {
            await flushForSure(recorder)
            return await requeuePreempted(spec: spec, lease: lease, runID: runID, recorder: recorder)
        }
        let (state, exitCode, message) = Self.finalState(outcome, stopRequested: reason == .requested)
        if let message, state != .stopped { await recorder.note(message) }
        await flushForSure(recorder)
        var final = current?.state
        if current?.state.isTerminal != true {
            do {
                final = try await client.transitionRun(id: runID, to: state, exitCode: exitCode, errorMessage: message, lease: lease?.holder).state
            } catch let error as SwoopClientError where error.isLeaseLost {
                logger.warning("run \(runID) ended here as \(state.rawValue) but its lease was lost: \(error); dropping it")
                return .leaseLost
            } catch {
                logger.error("could not report run \(runID) as \(state.rawValue): \(error)")
            }
        }
        if spec.kind == .scheduler, state == .failed || state == .crashed, let sweep = spec.sweepID {
            // As in W&B, a failed scheduler ends its sweep, which would otherwise wait for it forever.
            if let s = try? await client.sweep(id: sweep), !s.state.isTerminal { _ = try? await client.transitionSweep(id: sweep, to: .failed) }
        }
        if let lease {
            await finishItem(lease, failure: state == .finished || state == .stopped ? nil : "run \(runID): \(message ?? state.rawValue)")
        }
        return .finished(final)
    }

    /// The state a run ends in for an outcome, with its exit code and the message that explains it.
    public static func finalState(_ outcome: RunOutcome, stopRequested: Bool) -> (RunState, Int?, String?) {
        switch outcome {
        case .couldNotStart(let message): return (.failed, nil, message)
        case .exited(let code) where stopRequested: return (.stopped, Int(code), "stopped on request")
        case .signaled(let signal) where stopRequested: return (.stopped, 128 + Int(signal), "stopped on request")
        case .exited(0): return (.finished, 0, nil)
        case .exited(let code): return (.failed, Int(code), "exited with code \(code)")
        case .signaled(let signal): return (.crashed, 128 + Int(signal), "killed by signal \(signal)")
        case .ended(let state, let code, _) where stopRequested && state != .finished: return (.stopped, code, "stopped on request")
        case .ended(let state, let code, let message): return (state, code, message)
        }
    }

    /// A preempted run goes back on its queue with the same run id and `resumeCount + 1`, at most 5 times.
    func requeuePreempted(spec: LaunchSpec, lease: Lease, runID: RunID, recorder: RunOutputRecorder) async -> Ending {
        guard spec.resumeCount < Self.maxResumeCount else {
            await finishItem(lease, failure: "run \(runID) was preempted \(spec.resumeCount + 1) times; giving up")
            return .finished(.preempted)
        }
        var next = spec
        next.resumeCount += 1
        next.runID = runID
        do {
            _ = try await client.transitionRun(id: runID, to: .queued, lease: lease.holder)
            _ = try await client.enqueue(
                queue: lease.item.queueID, spec: try next.json, priority: lease.item.priority, run: runID, sweep: lease.item.sweepID,
                isScheduler: lease.item.isScheduler)
            await finishItem(lease, failure: nil)
            return .requeued
        } catch let error as SwoopClientError where error.isLeaseLost {
            logger.warning("run \(runID) was preempted but its lease was lost: \(error); dropping it")
            return .leaseLost
        } catch {
            await finishItem(lease, failure: "run \(runID) was preempted and could not be queued again: \(error)")
            return .finished(.preempted)
        }
    }

    /// Renews the lease once more before reporting; only a refusal (not a network failure) says it is lost.
    func leaseIsLost(_ lease: Lease) async -> Bool {
        do {
            _ = try await client.heartbeat(lease.holder, leaseSeconds: settings.leaseSeconds)
            return false
        } catch let error as SwoopClientError where error.isLeaseLost {
            logger.warning("item \(lease.item.id): \(error)")
            return true
        } catch {
            return false
        }
    }

    /// W&B's `MAX_RESUME_COUNT`.
    public static let maxResumeCount = 5

    func finishItem(_ lease: Lease, failure: String?) async {
        do {
            if let failure {
                _ = try await client.fail(lease.holder, message: failure)
            } else {
                _ = try await client.complete(lease.holder)
            }
        } catch let error as SwoopClientError where error.isLeaseLost {
            logger.warning("item \(lease.item.id) is no longer this agent's; left as it is: \(error)")
        } catch {
            logger.error("could not close item \(lease.item.id): \(error)")
        }
    }

    /// The last of the output reaches the server before the final state does (a few tries).
    func flushForSure(_ recorder: RunOutputRecorder) async {
        for attempt in 0..<5 {
            guard let error = await recorder.flush() else { return }
            logger.warning("could not send run output (try \(attempt + 1)): \(error)")
            try? await Task.sleep(for: .milliseconds(200 << attempt))
        }
    }
}
