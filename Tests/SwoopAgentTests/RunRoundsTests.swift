import Foundation
import Logging
import SwoopModel
import Testing
@testable import SwoopAgent

/// The agent's batched rounds: one question for every watched run, each answer stopping only its own run.
@Suite struct RunRoundsTests {
    /// What the server would answer: the runs it names, and each round's question.
    actor FakeServer {
        var named: [String: String?] = [:]
        var rounds: [[String]] = []
        var failing = false
        func ask(_ questions: [String]) throws -> [(question: String, note: String?)] {
            rounds.append(questions.sorted())
            if failing { throw CancellationError() }
            return questions.compactMap { q in named[q].map { (q, $0) } }
        }
        func name(_ q: String, note: String? = nil) { named[q] = .some(note) }
        func setFailing(_ on: Bool) { failing = on }
        func roundCount() -> Int { rounds.count }
    }

    static func rounds(_ server: FakeServer, stopping reason: RunHandle.StopReason = .requested) -> RunRounds<String> {
        RunRounds<String>(interval: .milliseconds(10), stopping: reason, logger: Logger(label: "test")) { try await server.ask($0) }
    }

    @Test func eachNamedRunIsStoppedOnceAndTheOthersKeepBeingAskedAbout() async throws {
        let server = FakeServer()
        let rounds = Self.rounds(server)
        let a = RunHandle(control: RunControl()), b = RunHandle(control: RunControl()), c = RunHandle(control: RunControl())
        let watchA = await rounds.watch("a", handle: a)
        _ = await rounds.watch("b", handle: b)
        let watchC = await rounds.watch("c", handle: c)
        try await Self.until { await server.roundCount() >= 2 }
        #expect(await server.rounds.allSatisfy { $0 == ["a", "b", "c"] })
        await server.name("b")
        try await Self.until { await b.reason != nil }
        #expect(await b.reason == .requested)
        #expect(await a.reason == nil)
        #expect(await c.reason == nil)
        // A stopped run is not asked about again; a forgotten one neither, even once the server names it.
        await rounds.forget(watchA)
        await server.name("a")
        let seen = await server.roundCount()
        try await Self.until { await server.roundCount() >= seen + 3 }
        #expect(await server.rounds.last == ["c"])
        #expect(await a.reason == nil)
        // With nothing watched the rounds end; the next run starts them again.
        await rounds.forget(watchC)
        try await Task.sleep(for: .milliseconds(50))
        let idle = await server.roundCount()
        try await Task.sleep(for: .milliseconds(100))
        #expect(await server.roundCount() == idle)
        let d = RunHandle(control: RunControl())
        await server.name("d")
        _ = await rounds.watch("d", handle: d)
        try await Self.until { await d.reason != nil }
        #expect(await d.reason == .requested)
    }

    @Test func failedRoundsStopNothingAndAreTriedAgain() async throws {
        let server = FakeServer()
        let rounds = Self.rounds(server, stopping: .leaseLost)
        let one = RunHandle(control: RunControl()), two = RunHandle(control: RunControl())
        _ = await rounds.watch("one", handle: one)
        _ = await rounds.watch("two", handle: two)
        await server.setFailing(true)
        await server.name("two", note: "lease lost: item 'two' taken")
        try await Self.until { await server.roundCount() >= 3 }
        #expect(await two.reason == nil)
        await server.setFailing(false)
        try await Self.until { await two.reason != nil }
        #expect(await two.reason == .leaseLost)
        #expect(await one.reason == nil)
    }

    /// Two executions of one run (a resumed scheduler's run has its sweep's id): the first one ending must
    /// not take the second out of the rounds, and a stop reaches every execution still watched.
    @Test func twoExecutionsOfOneRunAreWatchedApart() async throws {
        let server = FakeServer()
        let rounds = Self.rounds(server)
        let old = RunHandle(control: RunControl()), new = RunHandle(control: RunControl())
        let first = await rounds.watch("sweep-run", handle: old)
        _ = await rounds.watch("sweep-run", handle: new)
        try await Self.until { await server.roundCount() >= 1 }
        #expect(await server.rounds.last == ["sweep-run"], "asked once per round")
        await rounds.forget(first)
        await server.name("sweep-run")
        try await Self.until { await new.reason != nil }
        #expect(await new.reason == .requested)
        #expect(await old.reason == nil)
    }

    /// Waits (at most 30 s) until `condition` holds; records a failure otherwise.
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
