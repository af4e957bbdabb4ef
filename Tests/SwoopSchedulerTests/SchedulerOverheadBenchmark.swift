import Foundation
import SwoopClient
import SwoopModel
import SwoopScheduler
import Testing

/// The scheduler's own cost per run: N no-op runs through the in-process scheduler loop with
/// `num_workers` 8 and the test as one agent, against the same N runs launched without a
/// scheduler. Asserts only the run counts; runs when `SWOOP_SCHEDULER_BENCH` is set (its value:
/// N, default 500) and prints the timings.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SWOOP_SCHEDULER_BENCH"] != nil), .timeLimit(.minutes(30)))
struct SchedulerOverheadBenchmark {
    static let runs = Int(ProcessInfo.processInfo.environment["SWOOP_SCHEDULER_BENCH"] ?? "") ?? 500

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// One agent: lease, start, log the metric, finish, complete; `count` runs.
    static func agent(_ live: LiveSweep, count: Int) async throws {
        for _ in 0..<count { try await live.finish(try await live.leaseRun(), losses: [0.5]) }
    }

    @Test func scheduledAgainstDirectRuns() async throws {
        let n = Self.runs
        var direct = 0.0, scheduled = 0.0
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: random\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\n")
            _ = try await live.client.transitionSweep(id: sweep.id, to: .running)
            let spec = try LaunchSpec(kind: .run, imageURI: "i", entity: "team", project: "proj").json
            let start = ContinuousClock.now
            for i in 0..<n { _ = try await live.client.launchSweepRun(sweep: sweep.id, config: ["a": .double(Double(i) / Double(n))], spec: spec) }
            try await Self.agent(live, count: n)
            direct = Self.seconds(ContinuousClock.now - start)
            #expect(try await live.client.sweepRuns(sweep: sweep.id, limit: 1000).runs.count == n)
        }
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: random\nrun_cap: \(n)\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 8}\n")
            let start = ContinuousClock.now
            let task = live.scheduler(sweep.id)
            try await Self.agent(live, count: n)
            #expect(try await task.value.state == .finished)
            scheduled = Self.seconds(ContinuousClock.now - start)
            #expect(try await live.client.sweepRuns(sweep: sweep.id, limit: 1000).runs.count == n)
        }
        let perRun = (scheduled - direct) / Double(n) * 1000
        print(String(format: "scheduler overhead: %d no-op runs, num_workers 8, one agent: direct %.2f s, scheduled %.2f s, %.2f ms per run", n, direct, scheduled, perRun))
    }
}
