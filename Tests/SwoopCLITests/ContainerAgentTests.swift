import Foundation
import SwoopClient
import SwoopModel
import Testing

/// `swoop launch-agent` on `local-container` queues with a real podman: the real binary, a real server,
/// a busybox image made on this machine. Needs `eval "$(scripts/ci/podman-up.sh)"` (CI does it).
@Suite(.serialized, .enabled(if: PodmanSetup.enabled, "podman not set up: eval \"$(scripts/ci/podman-up.sh)\" first"))
struct ContainerAgentTests {
    /// Reads its run through the server with its own token (host network), then reports metrics on stdout.
    static let trainScript = #"""
        echo "args $*"
        wget -q -O - --header "Authorization: Bearer $SWOOP_API_KEY" "$SWOOP_BASE_URL/api/v1/runs/$SWOOP_RUN_ID" | grep -o '"state":"[a-z]*"'
        cat "$SWOOP_CONFIG_FILE"; echo
        for epoch in 0 1 2; do echo "@swoop {\"loss\": $((8 >> epoch)), \"epoch\": $epoch}"; done
        echo to-stderr >&2
        """#

    func imageJob(_ w: LaunchWorld, _ name: String, script: String, image: String) async throws -> JobVersion {
        let job = try await w.client.createJob(project: w.project.id, name: name)
        return try await w.client.addJobVersion(
            job: job.id, sourceKind: .image, entryPoint: ["sh", "-c", script, name], metadata: ["image": .string(image)])
    }

    @Test func agentRunsContainerQueues() async throws {
        let image = try PodmanSetup.image()
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let host = try await w.client.createQueue(entity: w.entity.id, name: "ct-host", resource: "local-container", configTemplate: ["network": "host"])
        let none = try await w.client.createQueue(
            entity: w.entity.id, name: "ct-none", resource: "local-container", configTemplate: ["network": "none", "memory": "64m"])
        let train = try await imageJob(w, "train", script: Self.trainScript, image: image)
        let failing = try await imageJob(w, "failing", script: "echo '@swoop {\"loss\": 1}'; echo bad >&2; exit 3", image: image)
        let sleeper = try await imageJob(w, "sleeper", script: "echo started; exec sleep 300", image: image)
        let ghost = try await imageJob(w, "ghost", script: "true", image: "localhost/swoop-missing:none")

        let (trainItem, trainRun) = try await w.enqueue(host, train, config: ["lr": 0.5], args: ["${args_json}"])
        let (failItem, failRun) = try await w.enqueue(none, failing)
        let (_, sleepRun) = try await w.enqueue(none, sleeper)
        let (ghostItem, ghostRun) = try await w.enqueue(none, ghost)
        let agent = try await w.agent(["ct-host", "ct-none"], ["--max-jobs", "4", "--stop-grace-seconds", "1", "--poll-seconds", "2"])
        defer { agent.signal(SIGKILL) }

        let run = try await w.waitForRun(trainRun)
        #expect(run.state == .finished, "\(run) \(agent.stderr)")
        let log = try await w.log(trainRun)
        #expect(log.contains(#"args {"lr": 0.5}"#), "\(log)")
        #expect(log.contains(#""state":"running""#), "the container reached the server with its run token")
        #expect(log.contains(#"{"lr": 0.5}"#))
        #expect(log.contains("to-stderr"))
        let history = try await w.client.metrics(run: trainRun)
        #expect(history.points.map(\.step) == [0, 1, 2])
        #expect(history.points.map { $0.values["loss"] } == [8, 4, 2])
        #expect(try await w.waitForItem(trainItem.id) { $0.state.isTerminal }.state == .done)

        let failed = try await w.waitForRun(failRun)
        #expect(failed.state == .failed && failed.exitCode == 3 && failed.errorMessage == "exited with code 3", "\(failed)")
        #expect(try await w.client.metrics(run: failRun).points.count == 1, "metrics from a run without network arrive through stdout")
        #expect(try await w.log(failRun).contains("bad"))
        #expect(try await w.waitForItem(failItem.id) { $0.state.isTerminal }.state == .failed)

        let lost = try await w.waitForRun(ghostRun)
        #expect(lost.state == .failed)
        #expect(lost.errorMessage?.contains("could not run image 'localhost/swoop-missing:none'") == true, "\(lost.errorMessage ?? "-")")
        #expect(try await w.waitForItem(ghostItem.id) { $0.state.isTerminal }.errorMessage?.contains("swoop-missing") == true)

        try await w.waitForRun(sleepRun) { $0.state == .running }
        for _ in 0..<1200 where try await !w.log(sleepRun).contains("started") { try await Task.sleep(for: .milliseconds(100)) }
        _ = try await w.client.requestStop(run: sleepRun)
        let stopped = try await w.waitForRun(sleepRun)
        #expect(stopped.state == .stopped && stopped.exitCode == 128 + Int(SIGKILL), "\(stopped)")
        let left = try Self.podman(["container", "exists", "swoop-\(sleepRun.rawValue)"])
        #expect(left == 1, "the stopped run's container is gone")
    }

    static func podman(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["podman"] + args
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
