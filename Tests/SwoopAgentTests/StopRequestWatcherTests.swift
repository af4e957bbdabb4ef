import Foundation
import Logging
import SwoopModel
import Testing
@testable import SwoopAgent

/// The shared stop poll: one fetch per interval for every watched run, each stop delivered to its own run.
@Suite struct StopRequestWatcherTests {
    /// What the server would answer: the runs asked to stop so far, and each poll's question.
    actor FakeServer {
        var stopped: Set<RunID> = []
        var polls: [[RunID]] = []
        func ask(_ runs: [RunID]) -> [RunID] {
            polls.append(runs.sorted { $0.rawValue < $1.rawValue })
            return runs.filter(stopped.contains)
        }
        func stop(_ run: RunID) { stopped.insert(run) }
        func pollCount() -> Int { polls.count }
    }

    @Test func eachRunIsStoppedOnceAndForgottenRunsAreNotAskedAbout() async throws {
        let server = FakeServer()
        let watcher = StopRequestWatcher(interval: .milliseconds(10), logger: Logger(label: "test")) { await server.ask($0) }
        let a = RunHandle(control: RunControl()), b = RunHandle(control: RunControl()), c = RunHandle(control: RunControl())
        await watcher.watch("run-a", handle: a)
        await watcher.watch("run-b", handle: b)
        await watcher.watch("run-c", handle: c)
        try await Self.until { await server.pollCount() >= 2 }
        #expect(await server.polls.allSatisfy { $0 == ["run-a", "run-b", "run-c"] })
        await server.stop("run-b")
        try await Self.until { await b.reason != nil }
        #expect(await b.reason == .requested)
        #expect(await a.reason == nil)
        #expect(await c.reason == nil)
        // A stopped run is not asked about again; a forgotten one neither, even when it is stopped later.
        await watcher.forget("run-a")
        await server.stop("run-a")
        let seen = await server.pollCount()
        try await Self.until { await server.pollCount() >= seen + 3 }
        #expect(await server.polls.last == ["run-c"])
        #expect(await a.reason == nil)
        // Once nothing is watched the polling stops, and it starts again with the next run.
        await watcher.forget("run-c")
        try await Task.sleep(for: .milliseconds(50))
        let idle = await server.pollCount()
        try await Task.sleep(for: .milliseconds(100))
        #expect(await server.pollCount() == idle)
        let d = RunHandle(control: RunControl())
        await server.stop("run-d")
        await watcher.watch("run-d", handle: d)
        try await Self.until { await d.reason != nil }
        #expect(await d.reason == .requested)
    }

    @Test func aFailedPollIsTriedAgain() async throws {
        actor Flaky { var calls = 0; func next() -> Int { calls += 1; return calls } }
        let flaky = Flaky()
        let watcher = StopRequestWatcher(interval: .milliseconds(10), logger: Logger(label: "test")) { runs in
            if await flaky.next() < 3 { throw CancellationError() }
            return runs
        }
        let handle = RunHandle(control: RunControl())
        await watcher.watch("run-x", handle: handle)
        try await Self.until { await handle.reason != nil }
        #expect(await flaky.calls >= 3)
    }

    /// Waits (at most 30 s) until `condition` holds; fails the test otherwise.
    static func until(_ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met in 30 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
