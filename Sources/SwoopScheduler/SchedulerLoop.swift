import Foundation
import SwoopClient
import SwoopConfig
import SwoopModel
import SwoopSearch

/// The sweep scheduler loop of DESIGN.md over the scheduler API: load the saved state, then wait
/// for run changes (the server's long-poll, not a fixed sleep), fold them into `SchedulerCore`,
/// stop what early termination rejects, launch while fewer than `num_workers` runs are active,
/// and save the state after every decision (compare-and-set, so two schedulers cannot both win).
///
/// Crash safety: a trial's intent (number, config, and a deterministic run id and name) is saved
/// before its run is created, and the cursor into run changes is saved with the trials it was
/// folded into. A scheduler killed at any point and started again reads the changes after the
/// saved cursor, binds a run created just before the crash (by its name, or by the 409 its id gets
/// when the old request was still in flight), and launches an intent that never became a run: no
/// trial is launched twice and none is lost. Changes that decided nothing (a run starting, a value
/// that stops nothing) and a run's id after its creation are not saved at once: after a crash they
/// are read and folded in again. A run's end and the launch it frees a worker for share one save.
public struct SchedulerLoop<S: Scheduler>: Sendable {
    public typealias Factory = @Sendable (_ config: SweepConfig, _ saved: JSONValue?, _ seed: UInt64) throws -> S

    public let client: SwoopClient
    public let sweepID: SweepID
    let factory: Factory
    /// Longest wait for a run or sweep change before the loop looks again.
    public var waitSeconds: Int = 20
    public var log: @Sendable (String) -> Void

    public init(client: SwoopClient, sweepID: SweepID, waitSeconds: Int = 20,
                log: @escaping @Sendable (String) -> Void = { _ in }, factory: @escaping Factory) {
        self.client = client; self.sweepID = sweepID; self.waitSeconds = waitSeconds; self.log = log; self.factory = factory
    }

    /// How the loop ended.
    public struct Result: Sendable, Hashable {
        public var state: SweepState
        public var reason: String
    }

    /// A seed every life of the sweep agrees on (FNV-1a of its id), below 2^53 so that it survives
    /// JSON in any language.
    public static func seed(for sweep: SweepID) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in sweep.rawValue.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h & ((1 << 53) - 1)
    }

    public func run() async throws -> Result {
        var sweep = try await client.sweep(id: sweepID)
        if sweep.state.isTerminal {
            log("Sweep already in end state (\(sweep.state.rawValue))")
            return Result(state: sweep.state, reason: "already \(sweep.state.rawValue)")
        }
        let loaded = SweepConfigLoader.parse(document: sweep.config, file: "sweep \(sweepID)")
        guard let config = loaded.config else {
            return try await fail(sweep, loaded.errors.map(\.description).joined(separator: "\n"))
        }
        var book: SchedulerBook
        do { book = try await SchedulerBook.load(sweep, client: client, seed: Self.seed(for: sweepID)) } catch let e as SwoopClientError {
            throw e
        } catch {
            return try await fail(sweep, "the saved scheduler state cannot be read: \(error)")
        }
        let project = try await client.project(id: sweep.projectID)
        let entity = try await client.entity(id: project.entityID)
        if let job = config.job, book.settings.jobID == nil {
            let v = try await client.resolveJob(reference: job, entity: entity.name, project: project.name)
            book.settings.jobID = v.jobID
            book.settings.jobVersion = v.version
        }
        let builder: RunSpecBuilder
        let scheduler: S
        do {
            builder = try RunSpecBuilder(config: config, settings: book.settings, entity: entity.name, project: project.name, sweepID: sweepID)
            scheduler = try factory(config, book.method, book.seed)
        } catch {
            return try await fail(sweep, "\(error)")
        }
        var core = SchedulerCore(scheduler: scheduler, book: book, plan: SweepPlan(config: config, settings: book.settings),
                                 sweepID: sweepID.rawValue)
        var version = sweep.schedulerStateVersion
        // A new sweep, or a resumed one (launch-sweep --resume-id puts it back to pending); the new
        // life is saved before the sweep turns running, so a crash in between starts it again.
        if sweep.state == .pending { core.book.beginLife() }
        log("scheduler for sweep \(sweepID): num_workers \(core.plan.numWorkers), \(core.book.trials.count) trial(s) so far")
        for id in book.settings.priorRuns where !core.book.priorDone.contains(id) {
            let run = try await client.run(id: RunID(id))
            core.addPrior(run, history: try await fullHistory(of: run.id))
            log("prior run \(id) added to the method")
        }
        version = try await save(&core, version)
        if sweep.state == .pending {
            // Only from pending: a sweep stopped (or cancelled) while this scheduler started stays so, and the
            // loop below sees it and ends.
            do {
                sweep = try await client.transitionSweep(id: sweepID, to: .running, from: .pending)
            } catch SwoopClientError.server(409, _, let message, _) {
                log("the sweep was not pending any more (\(message)); not starting it")
                sweep = try await client.sweepWithoutState(id: sweepID)
            }
        }

        var wait = 0
        while true {
            try Task.checkCancellation()
            var decided = core.decisions
            while true {
                let changes = try await client.sweepRuns(sweep: sweepID, since: core.book.cursor, limit: 500, waitSeconds: wait)
                wait = 0
                guard !changes.runs.isEmpty else { break }
                var cursors: [RunID: Int64] = [:]
                for run in changes.runs { if let c = core.metricCursor(for: run) { cursors[run.id] = c } }
                let histories = cursors.isEmpty ? [:] : try await client.sweepRunMetrics(sweep: sweepID, cursors: cursors, limit: 10_000)
                for run in changes.runs {
                    for id in core.observe(run, history: histories[run.id]) {
                        _ = try await client.requestStop(run: id)
                        log("stopping run \(id): early termination")
                    }
                }
                core.book.cursor = changes.nextCursor
                if changes.runs.count < 500 { break }
            }
            sweep = try await client.sweepWithoutState(id: sweepID)
            decide: while true {
                let step = core.next(sweepState: sweep.state)
                for note in core.notes { log(note) }
                core.notes.removeAll()
                switch step {
                case .launch(let record):
                    version = try await save(&core, version)
                    decided = core.decisions
                    let runID: RunID
                    do {
                        runID = try await client.launchSweepRun(
                            sweep: sweepID, config: record.config, name: record.name, spec: try builder.spec(for: record).json,
                            priority: core.plan.priority, id: RunID(record.name)).run.id
                    } catch SwoopClientError.server(409, "conflict", _, _) {
                        // Created by an earlier life whose answer was lost (killed mid-request).
                        let existing = try await client.run(id: RunID(record.name))
                        guard existing.sweepID == sweepID else { throw SchedulerError("run \(record.name) exists outside sweep \(sweepID)") }
                        runID = existing.id
                    } catch SwoopClientError.server(409, _, _, _) {
                        // The sweep left running between our read and the launch: look again.
                        sweep = try await client.sweepWithoutState(id: sweepID)
                        if sweep.state == .running || sweep.state == .pending { throw SchedulerError("sweep \(sweepID) refused a new run while \(sweep.state.rawValue)") }
                        continue decide
                    }
                    // Not saved on its own: a restart binds the run again by its id and name, and the
                    // next save (the next decision) carries it. One save per launched run.
                    core.bind(trial: record.number, run: runID)
                    log("trial \(record.number): run \(runID) \(JSONText.render(record.config))")
                case .idle:
                    break decide
                case .finish(let reason):
                    _ = try await save(&core, version)
                    _ = try await client.transitionSweep(id: sweepID, to: .finished)
                    log("sweep \(sweepID) finished: \(reason)")
                    return Result(state: .finished, reason: reason)
                case .fail(let message):
                    _ = try await save(&core, version)
                    return try await fail(try await client.sweepWithoutState(id: sweepID), message)
                case .exit(let reason):
                    _ = try await save(&core, version)
                    log("scheduler for sweep \(sweepID) leaves: \(reason)")
                    return Result(state: sweep.state, reason: reason)
                }
            }
            if core.decisions != decided { version = try await save(&core, version) }
            wait = waitSeconds
        }
    }

    /// Saves the state document and the trials that changed, if the stored version is still ours;
    /// another scheduler's save ends this one.
    func save(_ core: inout SchedulerCore<S>, _ version: Int) async throws -> Int {
        do {
            let pending = try core.pendingSave()
            let next = try await client.saveSchedulerState(sweep: sweepID, state: pending.state, trials: pending.trials, expectedVersion: version)
            core.markSaved()
            return next
        } catch SwoopClientError.server(409, _, let message, _) {
            throw SchedulerError("another scheduler saved the state of sweep \(sweepID) (\(message)); this one stops")
        }
    }

    func fail(_ sweep: Sweep, _ message: String) async throws -> Result {
        log("sweep \(sweepID) failed: \(message)")
        if sweep.state.canTransition(to: .failed) { _ = try await client.transitionSweep(id: sweepID, to: .failed) }
        return Result(state: .failed, reason: message)
    }

    func fullHistory(of run: RunID) async throws -> MetricHistory {
        var all = MetricHistory(points: [], nextCursor: 0)
        while true {
            let page = try await client.metrics(run: run, since: all.nextCursor, limit: 1000)
            all.points += page.points
            if page.points.isEmpty || page.nextCursor == all.nextCursor { return all }
            all.nextCursor = page.nextCursor
        }
    }
}
