import Foundation
import SwoopModel
import Testing
@testable import SwoopAgent

/// Real child processes: output lines, environment, working folder, stopping whole process groups.
@Suite struct LocalProcessResourceTests {
    /// Collects output lines and hands the first one to a waiting test.
    actor Lines {
        var all: [OutputLine] = []
        func add(_ l: OutputLine) { all.append(l) }
        func first(timeout: Duration = .seconds(120)) async -> String? {
            let deadline = ContinuousClock.now + timeout
            while all.isEmpty, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            return all.first?.text
        }
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-res-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func prepared(_ command: [String], env: [String: String] = [:], in dir: URL) -> PreparedRun {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(env) { $1 }
        return PreparedRun(runID: "r1", command: command, environment: environment, workingDirectory: dir)
    }

    @Test func outputEnvironmentAndWorkingFolder() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("#!/bin/sh\necho \"$SWOOP_RUN_ID in $(pwd)\"\necho oops >&2\nexit 4\n".utf8).write(to: dir.appendingPathComponent("job.sh"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.appendingPathComponent("job.sh").path)
        let lines = Lines()
        let outcome = await LocalProcessResource().run(prepared(["./job.sh"], env: ["SWOOP_RUN_ID": "r1"], in: dir), control: RunControl()) {
            await lines.add($0)
        }
        #expect(outcome == .exited(4))
        let all = await lines.all
        #expect(all.contains(OutputLine(.stdout, "r1 in \(dir.resolvingSymlinksInPath().path)")) || all.contains(OutputLine(.stdout, "r1 in \(dir.path)")))
        #expect(all.contains(OutputLine(.stderr, "oops")))
    }

    @Test func missingCommandsAreNamed() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = LocalProcessResource()
        guard case .couldNotStart(let m1) = await r.run(prepared(["swoop-no-such-tool"], in: dir), control: RunControl(), output: { _ in }) else {
            Issue.record("expected a start failure"); return
        }
        #expect(m1.contains("command 'swoop-no-such-tool' not found"))
        guard case .couldNotStart(let m2) = await r.run(prepared(["./missing.sh"], in: dir), control: RunControl(), output: { _ in }) else {
            Issue.record("expected a start failure"); return
        }
        #expect(m2.contains("'./missing.sh' not found or not executable"))
        guard case .couldNotStart(let m3) = await r.run(prepared([], in: dir), control: RunControl(), output: { _ in }) else {
            Issue.record("expected a start failure"); return
        }
        #expect(m3 == "the run's command is empty")
    }

    @Test func stopReachesTheWholeProcessGroup() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let control = RunControl(grace: .seconds(5))
        let lines = Lines()
        async let outcome = LocalProcessResource().run(
            prepared(["/bin/sh", "-c", "sleep 300 & echo $!; wait"], in: dir), control: control) { await lines.add($0) }
        let pid = try #require(Int32(await lines.first() ?? ""))
        #expect(Self.alive(pid), "the grandchild runs")
        control.stop()
        #expect(await outcome == .signaled(SIGTERM))
        try await Task.sleep(for: .milliseconds(200))
        #expect(!Self.alive(pid), "the grandchild got SIGTERM too")
    }

    /// Alive and not a zombie (an orphan's zombie may wait a while for its new parent to reap it).
    static func alive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    @Test func sigkillAfterTheGrace() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let control = RunControl(grace: .milliseconds(300))
        let lines = Lines()
        async let outcome = LocalProcessResource().run(
            prepared(["/bin/sh", "-c", "trap '' TERM; echo ready; sleep 300"], in: dir), control: control) { await lines.add($0) }
        #expect(await lines.first() == "ready")
        control.stop()
        #expect(await outcome == .signaled(SIGKILL))
    }
}
