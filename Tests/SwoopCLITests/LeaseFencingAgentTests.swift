import Foundation
import SwoopClient
import SwoopModel
import Testing

/// Two real agents and one item: the first one freezes (SIGSTOP) until its lease lapses and the item goes to
/// the second; when it thaws (SIGCONT) its late report is refused, so the run ends the way the second one says.
@Suite(.serialized) struct LeaseFencingAgentTests {
    /// The first attempt fails, but only once the test lets it (a release file): so it cannot end, and be
    /// reported, before the test froze its agent, however loaded the machine is (a sleep of 3 s, then of
    /// 8 s, was once outrun in a loaded full run). A later attempt sleeps, so it is still running when the
    /// frozen agent thaws, and then succeeds.
    static let attemptScript = """
        import os, sys, time
        marker, release = sys.argv[1], sys.argv[2]
        first = not os.path.exists(marker)
        if first:
            open(marker, "w").write(str(os.getpid()))
        print("attempt " + ("first" if first else "again"), flush=True)
        if first:
            while not os.path.exists(release):
                time.sleep(0.1)
            sys.exit(1)
        time.sleep(8)
        """

    @Test func aFrozenAgentsLateReportIsRefused() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("fenced", policy: .requeue)
        let marker = w.dir.appendingPathComponent("first-attempt").path
        let release = w.dir.appendingPathComponent("release-first-attempt").path
        let job = try await w.job("attempts", entryPoint: ["python3", try w.file("attempt.py", Self.attemptScript), marker, release])
        let (item, runID) = try await w.enqueue(q, job)

        let a = try await w.agent(["fenced"], ["--lease-seconds", "10"], name: "a")
        defer { a.signal(SIGCONT); a.signal(SIGKILL) }
        let held = try await w.waitForItem(item.id, seconds: 120) { $0.state == .running }
        let first = try #require(held.leaseOwner)
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: marker), Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(FileManager.default.fileExists(atPath: marker), "the first attempt's process started")
        a.signal(SIGSTOP)

        // The frozen agent's lease lapses: the item goes back and its run with it.
        try await w.waitForItem(item.id, seconds: 120) { $0.state == .pending || $0.leaseOwner != first }
        let b = try await w.agent(["fenced"], name: "b")
        defer { b.signal(SIGKILL) }
        let taken = try await w.waitForItem(item.id, seconds: 120) { $0.state == .running && $0.leaseOwner != first }
        #expect(taken.attempts == 2)
        try await w.waitForRun(runID, seconds: 120) { $0.state == .running }

        // The first attempt's process fails while its agent is frozen; thawed, the agent tries to say so:
        // refused, it drops the run.
        FileManager.default.createFile(atPath: release, contents: Data())
        let firstPID = try #require(Int32(try String(contentsOfFile: marker, encoding: .utf8)))
        let exitDeadline = Date().addingTimeInterval(60)
        while kill(firstPID, 0) == 0, !Self.isZombie(firstPID), Date() < exitDeadline { try await Task.sleep(for: .milliseconds(50)) }
        a.signal(SIGCONT)
        let run = try await w.waitForRun(runID, seconds: 120)
        #expect(run.state == .finished, "the run ends as the second agent's attempt did, not as the first one's (\(run.errorMessage ?? "-"))")
        #expect(run.exitCode == 0)
        let done = try await w.waitForItem(item.id, seconds: 120) { $0.state.isTerminal }
        #expect(done.state == .done)
        #expect(done.attempts == 2)
        #expect(done.errorMessage == nil)
        let log = try await w.log(runID)
        #expect(log.contains("attempt again"))

        // The first agent said why it dropped the run, and lives on.
        // (From its last renewal before reporting, or from a renewal round, which does not name the new holder.)
        let said = try await poll(seconds: 60) { a.stderr.contains("lease lost: item '\(item.id)'") }
        #expect(said, "agent a's log: \(a.stderr)")
        #expect(a.process.isRunning)
        #expect(!b.stderr.contains("could not"), "agent b's log: \(b.stderr)")
    }

    /// A process that has exited but not been reaped (its parent, the frozen agent, cannot wait for it yet).
    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    private func poll(seconds: Double, _ check: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if check() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return check()
    }
}
