import Foundation
import SwoopModel
import Testing
@testable import SwoopAgent

/// `local-container` with a real podman and a busybox image made on this machine (no registry).
@Suite(.enabled(if: PodmanGate.enabled, "podman not set up: eval \"$(scripts/ci/podman-up.sh)\" first"))
struct PodmanResourceTests {
    let resource = LocalContainerResource(engine: ContainerEngine(kind: .podman, command: ["podman"]))

    actor Lines {
        var all: [OutputLine] = []
        func add(_ l: OutputLine) { all.append(l) }
        func wait(for text: String, timeout: Duration = .seconds(120)) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while !all.contains(where: { $0.text == text }), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            return all.contains { $0.text == text }
        }
        var texts: [String] { all.map(\.text) }
    }

    /// A run folder holding the config file and `job.sh`; removed by the caller.
    func prepared(_ script: String, config: JSONValue = [:], image: String? = nil) throws -> PreparedRun {
        let id = "ct" + UUID().uuidString.prefix(8).lowercased()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-ct-\(id)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(#"{"lr": 0.5}"#.utf8).write(to: dir.appendingPathComponent(RunEnvironment.configFileName))
        try Data(script.utf8).write(to: dir.appendingPathComponent("job.sh"))
        let env = ["SWOOP_RUN_ID": id, "SWOOP_API_KEY": "run-token-\(id)", "SWOOP_CONFIG_FILE": "/swoop/run/swoop-config.json", "AGENT_ONLY": "secret"]
        return PreparedRun(
            runID: RunID(id), command: ["sh", "job.sh"], environment: env, workingDirectory: dir,
            resourceConfig: config, image: try image ?? PodmanGate.image())
    }

    @Test func runFinishesWithItsOutput() async throws {
        let run = try prepared("""
            echo "id=$SWOOP_RUN_ID token=$SWOOP_API_KEY other=${AGENT_ONLY:-unset} pwd=$(pwd)"
            cat "$SWOOP_CONFIG_FILE"; echo
            (echo changed > "$SWOOP_CONFIG_FILE") 2>/dev/null && echo config-writable || echo config-read-only
            echo out > result.txt
            echo '@swoop {"loss": 0.25}'
            echo problem >&2
            echo "mem=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max)"
            """, config: ["network": "none", "memory": "64m"])
        defer { try? FileManager.default.removeItem(at: run.workingDirectory) }
        let lines = Lines()
        let outcome = await resource.run(run, control: RunControl()) { await lines.add($0) }
        let texts = await lines.texts
        #expect(outcome == .exited(0), "\(texts)")
        #expect(texts.contains("id=\(run.runID.rawValue) token=run-token-\(run.runID.rawValue) other=unset pwd=/swoop/run"),
                "Swoop's variables reach the container, the agent's others do not")
        #expect(texts.contains(#"{"lr": 0.5}"#))
        #expect(texts.contains("config-read-only"))
        #expect(texts.contains(#"@swoop {"loss": 0.25}"#))
        #expect(await lines.all.contains(OutputLine(.stderr, "problem")))
        #expect(texts.contains("mem=67108864"), "the memory limit applies")
        #expect(try String(contentsOf: run.workingDirectory.appendingPathComponent("result.txt"), encoding: .utf8) == "out\n",
                "files the run writes stay in its folder")
    }

    @Test func nonZeroExitIsTheRunsCode() async throws {
        let run = try prepared("echo trying; exit 3")
        defer { try? FileManager.default.removeItem(at: run.workingDirectory) }
        #expect(await resource.run(run, control: RunControl()) { _ in } == .exited(3))
    }

    @Test func stopEndsTheContainer() async throws {
        let run = try prepared("echo ready; exec sleep 300")
        defer { try? FileManager.default.removeItem(at: run.workingDirectory) }
        let control = RunControl(grace: .seconds(1))
        let lines = Lines()
        async let outcome = resource.run(run, control: control) { await lines.add($0) }
        #expect(await lines.wait(for: "ready"))
        control.stop()
        // sleep as PID 1 ignores SIGTERM: podman stop kills it after the grace.
        #expect(await outcome == .signaled(SIGKILL))
        let left = await CommandRunner.run(["podman", "container", "exists", "swoop-\(run.runID.rawValue)"])
        #expect(left.status == 1, "the container is gone")
    }

    @Test func missingImageSaysSo() async throws {
        let run = try prepared("true", image: "localhost/swoop-missing:none")
        defer { try? FileManager.default.removeItem(at: run.workingDirectory) }
        let outcome = await resource.run(run, control: RunControl()) { _ in }
        guard case .couldNotStart(let message) = outcome else { Issue.record("expected a start failure, got \(outcome)"); return }
        #expect(message.hasPrefix("the container engine could not run image 'localhost/swoop-missing:none' (exit 125): Error:"), "\(message)")
    }

    @Test func missingCommandInTheImageSaysSo() async throws {
        var run = try prepared("true")
        run.command = ["swoop-no-such-tool"]
        defer { try? FileManager.default.removeItem(at: run.workingDirectory) }
        let outcome = await resource.run(run, control: RunControl()) { _ in }
        guard case .couldNotStart(let message) = outcome else { Issue.record("expected a start failure, got \(outcome)"); return }
        #expect(message.contains("could not start its command") && message.contains("swoop-no-such-tool"), "\(message)")
    }
}
