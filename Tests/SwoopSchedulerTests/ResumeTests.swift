import Foundation
import SwoopClient
import SwoopModel
import SwoopScheduler
import Testing

/// `launch-sweep --resume-id` and `--prior-run` (the real binary) with the scheduler loop, and a
/// custom scheduler job named by `scheduler.job`.
@Suite("Resume and custom schedulers", .timeLimit(.minutes(3)))
struct ResumeTests {
    static func yaml(workers: Int, method: String = "grid") -> String {
        """
        method: \(method)
        metric: {name: loss}
        parameters:
          a: {values: [1, 2, 3, 4, 5, 6]}
        scheduler: {num_workers: \(workers)}
        launch: {queue: q}
        job: train:latest
        """
    }

    @Test func resumeWithMoreWorkersContinuesWithoutRepeatingAndWarmStartsPriorRuns() async throws {
        try await LiveSweep.with { live in
            let base = live.client.baseURL
            let job = try await live.client.createJob(project: live.project.id, name: "train")
            let version = try await live.client.addJobVersion(job: job.id, sourceKind: .image, entryPoint: ["python", "t.py"], metadata: ["image": "t:1"])
            // A finished run outside the sweep, used as a prior run.
            let prior = try await live.client.createRun(project: live.project.id, name: "old", config: ["a": 4])
            _ = try await live.client.transitionRun(id: prior.id, to: .running)
            _ = try await live.client.setSummary(run: prior.id, summary: ["loss": 0.5])
            _ = try await live.client.transitionRun(id: prior.id, to: .finished)

            let first = try await SchedulerProcessTests.run(["launch-sweep", try SchedulerProcessTests.write(Self.yaml(workers: 1)), "--project", "proj",
                                                       "--entity", "team", "--base-url", base])
            #expect(first.status == 0, "\(first.err)")
            let sweepID = try SchedulerProcessTests.sweepID(in: first.out)
            let schedulerItem = try #require(try await live.client.lease(agent: live.agent.id, leaseSeconds: 3600, waitSeconds: 5))
            #expect(schedulerItem.isScheduler)
            var task = live.scheduler(sweepID)
            let one = try await live.leaseRun()
            #expect(one.spec.job == "train:latest" && one.spec.jobID == job.id && one.spec.jobVersion == version.version)
            try await live.finish(one, losses: [1])
            let two = try await live.leaseRun()
            _ = try await live.client.transitionSweep(id: sweepID, to: .stopped)
            #expect(try await task.value.state == .stopped)
            try await live.finish(two, losses: [2])

            // A frozen key may not change.
            let changed = try await SchedulerProcessTests.run(["launch-sweep", try SchedulerProcessTests.write(Self.yaml(workers: 2, method: "random")),
                                                         "--resume-id", sweepID.rawValue, "--project", "proj", "--entity", "team", "--base-url", base])
            #expect(changed.status == 1 && changed.err.contains("method: cannot change 'method' when resuming"), "\(changed.err)")

            let resumed = try await SchedulerProcessTests.run(["launch-sweep", try SchedulerProcessTests.write(Self.yaml(workers: 2)),
                                                         "--resume-id", sweepID.rawValue, "--prior-run", prior.id.rawValue,
                                                         "--project", "proj", "--entity", "team", "--base-url", base])
            #expect(resumed.status == 0, "\(resumed.err)")
            #expect(resumed.out.contains("Resumed sweep with ID: \(sweepID)"))
            #expect(try await live.client.sweep(id: sweepID).state == .pending)
            let again = try await SchedulerProcessTests.run(["launch-sweep", "--resume-id", sweepID.rawValue, "--project", "proj", "--entity", "team", "--base-url", base])
            #expect(again.status == 1 && again.err.contains("it is pending: its scheduler is already queued"))
            let resumedItem = try #require(try await live.client.lease(agent: live.agent.id, leaseSeconds: 3600, waitSeconds: 5))
            #expect(resumedItem.isScheduler && resumedItem.sweepID == sweepID)
            #expect(try LaunchSpec(json: resumedItem.spec).overrides.runConfig["scheduler"]?["num_workers"] == 2)
            task = live.scheduler(sweepID)
            // Two workers now: two runs are in flight at once. The prior run took a=4 and the first
            // life ran a=1 and a=2, so a=3, 5, 6 are left.
            let three = try await live.leaseRun()
            let four = try await live.leaseRun()
            try await live.finish(three, losses: [3])
            try await live.finish(four, losses: [4])
            try await live.finish(try await live.leaseRun(), losses: [5])
            let result = try await task.value
            #expect(result.state == .finished)
            let runs = try await live.runs(sweepID)
            #expect(runs.count == 5 && Set(runs.map(\.config)).count == 5)
            #expect(Set(runs.map(\.config)) == Set([1, 2, 3, 5, 6].map { JSONValue.object(["a": .int($0)]) }))
            let book = try await SchedulerBook.load(sweepID, client: live.client)
            #expect(book.settings.scheduler?["num_workers"] == 2)
            #expect(book.trials.contains { $0.origin == .prior && $0.runID == prior.id })
        }
    }

    @Test func customSchedulerJobIsTheSchedulerItemsJob() async throws {
        try await LiveSweep.with { live in
            let base = live.client.baseURL
            let job = try await live.client.createJob(project: live.project.id, name: "opt")
            let version = try await live.client.addJobVersion(job: job.id, sourceKind: .image, entryPoint: ["python", "opt.py"], metadata: ["image": "o:1"])
            let config = try SchedulerProcessTests.write("""
                method: custom
                metric: {name: loss}
                parameters: {a: {min: 0.0, max: 1.0}}
                scheduler: {job: team/proj/opt:latest, num_workers: 3, settings: {pruner: {type: MedianPruner}}}
                launch: {queue: q, priority: critical}
                image_uri: trainer:2
                """)
            let r = try await SchedulerProcessTests.run(["launch-sweep", config, "--project", "proj", "--entity", "team", "--base-url", base])
            #expect(r.status == 0, "\(r.err)")
            let item = try #require(try await live.client.lease(agent: live.agent.id, waitSeconds: 5))
            let spec = try LaunchSpec(json: item.spec)
            #expect(item.isScheduler && item.priority == .critical)
            #expect(spec.kind == .scheduler && spec.jobID == job.id && spec.jobVersion == version.version)
            #expect(spec.overrides.runConfig["sweep_args"]?["queue"] == "q")
            #expect(spec.overrides.runConfig["settings"]?["pruner"]?["type"] == "MedianPruner")
        }
    }
}
