import Foundation
import SwoopModel
import Testing
@testable import SwoopAgent

/// Reading Job states (recorded `kubectl get -o json` shapes) and the kubectl-driving resource against
/// `FakeKubectl`: no Kubernetes API server can run here, so this is NOT a test against a cluster.
@Suite struct KubernetesResourceTests {
    // Recorded shapes of a Job's status as the API server reports it.
    static let pending: JSONValue = ["kind": "Job", "spec": ["backoffLimit": 0], "status": ["active": 1, "ready": 0]]
    static let active: JSONValue = ["kind": "Job", "spec": ["backoffLimit": 0], "status": ["active": 1, "ready": 1]]
    static let complete: JSONValue = [
        "kind": "Job", "spec": ["backoffLimit": 0],
        "status": ["succeeded": 1, "conditions": [["type": "SuccessCriteriaMet", "status": "True"], ["type": "Complete", "status": "True"]]],
    ]
    static let deadline: JSONValue = [
        "kind": "Job", "spec": ["backoffLimit": 0],
        "status": ["failed": 1, "conditions": [[
            "type": "Failed", "status": "True", "reason": "DeadlineExceeded", "message": "Job was active longer than specified deadline",
        ]]],
    ]
    static let backoff: JSONValue = [
        "kind": "Job", "spec": ["backoffLimit": 0],
        "status": ["failed": 1, "conditions": [["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                                                "message": "Job has reached the specified backoff limit"]]],
    ]
    static func pod(_ phase: String, _ state: JSONValue) -> JSONValue {
        ["status": ["phase": .string(phase), "containerStatuses": [["name": "run", "state": state]]]]
    }
    static let runningPod = pod("Running", ["running": ["startedAt": "2026-01-01T00:00:00Z"]])
    static let failedPod = pod("Failed", ["terminated": ["exitCode": 3, "reason": "Error"]])
    static let pullingPod = pod("Pending", ["waiting": ["reason": "ImagePullBackOff", "message": "Back-off pulling image \"x:1\""]])
    static let unschedulable: JSONValue = ["status": ["phase": "Pending", "conditions": [
        ["type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "0/3 nodes are available: 3 Insufficient nvidia.com/gpu."],
    ]]]

    static func pods(_ items: JSONValue...) -> JSONValue { ["items": .array(items)] }

    @Test func jobStatesRead() {
        let read = KubernetesObservation.read
        #expect(read(Self.pending, Self.pods()) == .pending(nil))
        #expect(read(Self.pending, Self.pods(Self.pullingPod)) == .pending("ImagePullBackOff: Back-off pulling image \"x:1\""))
        #expect(read(Self.pending, Self.pods(Self.unschedulable)) == .pending("Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu."))
        #expect(read(Self.pending, Self.pods(Self.pod("Pending", ["waiting": ["reason": "ContainerCreating"]]))) == .pending(nil))
        #expect(read(Self.active, Self.pods(Self.runningPod)) == .running)
        #expect(read(Self.complete, nil) == .succeeded)
        #expect(read(Self.deadline, Self.pods()) == .failed(exitCode: 1, message: "DeadlineExceeded: Job was active longer than specified deadline"))
        #expect(read(Self.backoff, Self.pods(Self.failedPod))
                == .failed(exitCode: 3, message: "BackoffLimitExceeded: Job has reached the specified backoff limit"))
        // A cluster without conditions yet: the counts decide.
        #expect(read(["kind": "Job", "spec": ["backoffLimit": 0], "status": ["failed": 1]], Self.pods(Self.failedPod))
                == .failed(exitCode: 3, message: "BackoffLimitExceeded"))
        #expect(read(["kind": "Job", "status": ["succeeded": 1]], nil) == .succeeded)
        #expect(read(["kind": "Job", "spec": ["backoffLimit": 2], "status": ["failed": 1]], Self.pods()) == .pending(nil), "retries left")
        // Another kind: its phase, else its pods.
        #expect(read(["kind": "PyTorchJob", "status": ["phase": "Failed"]], nil) == .failed(exitCode: 1, message: "phase Failed"))
        #expect(read(["kind": "PyTorchJob"], Self.pods(Self.pod("Succeeded", ["terminated": ["exitCode": 0]]))) == .succeeded)
        #expect(read(["kind": "PyTorchJob"], Self.pods(Self.failedPod)) == .failed(exitCode: 3, message: "a pod failed"))
    }

    actor Lines {
        var all: [OutputLine] = []
        func add(_ l: OutputLine) { all.append(l) }
        var texts: [String] { all.map(\.text) }
    }

    /// The run's folder is the fake's, so it goes when the fake does.
    func prepared(_ fake: FakeKubectl) -> PreparedRun {
        PreparedRun(
            runID: "k8srun02", command: ["python", "train.py"],
            environment: ["SWOOP_RUN_ID": "k8srun02", "SWOOP_API_KEY": "tok", "SWOOP_CONFIG": "{}", "PATH": "/usr/bin"],
            workingDirectory: fake.dir, resourceConfig: ["namespace": "ml"], image: "train:1")
    }

    func resource(_ fake: FakeKubectl) -> KubernetesResource { KubernetesResource(kubectl: fake.command, pollInterval: .milliseconds(50)) }

    @Test func runsToSuccessWithLogs() async throws {
        let fake = try FakeKubectl(
            states: [Self.pending, Self.pending, Self.active, Self.complete],
            pods: [[Self.pullingPod], [Self.pullingPod], [Self.runningPod], [Self.pod("Succeeded", ["terminated": ["exitCode": 0]])]],
            logs: "epoch 0\n@swoop {\"loss\": 1}\n")
        defer { fake.remove() }
        let lines = Lines()
        let outcome = await resource(fake).run(prepared(fake), control: RunControl()) { await lines.add($0) }
        #expect(outcome == .exited(0))
        let texts = await lines.texts
        #expect(texts.contains("swoop agent: applied Job/swoop-k8srun02 in namespace ml"))
        #expect(texts.filter { $0.contains("ImagePullBackOff") }.count == 1, "a waiting reason is told once: \(texts)")
        #expect(texts.contains("@swoop {\"loss\": 1}") && texts.contains("epoch 0"))
        #expect(texts.filter { $0 == "epoch 0" }.count == 1, "logs are not read twice")
        let applied = try fake.applied()
        #expect(applied["items"]?.arrayValue?.map { $0["kind"] } == ["Secret", "Job"])
        let calls = try await waitForCalls(fake) { $0.contains { $0.prefix(2) == ["delete", "secret"] } }
        #expect(calls.first?.prefix(2) == ["apply", "-f"] && calls.first?.last?.hasSuffix("swoop-kubernetes-swoop-k8srun02.json") == true)
        #expect(!FileManager.default.fileExists(atPath: calls.first?.last ?? "/"), "the manifest with the token is removed once applied")
        #expect(calls.contains(["get", "Job", "swoop-k8srun02", "-n", "ml", "-o", "json"]))
        #expect(calls.contains(["get", "pods", "-n", "ml", "-l", "swoop.dev/run-id=k8srun02", "-o", "json"]))
        #expect(calls.contains { $0.first == "logs" && $0.contains("-l") && $0.contains("swoop.dev/run-id=k8srun02") && $0.contains("run") })
        #expect(calls.contains(["delete", "secret", "-n", "ml", "--ignore-not-found", "swoop-k8srun02-env"]), "the token does not outlive the run")
        #expect(!calls.contains { $0.first == "delete" && $0[1] == "Job" }, "a finished Job is left to its TTL")
    }

    /// The Secret is deleted by a task started when the run ends; wait for it (bounded).
    func waitForCalls(_ fake: FakeKubectl, _ done: ([[String]]) -> Bool) async throws -> [[String]] {
        for _ in 0..<200 {
            let calls = try fake.calls()
            if done(calls) { return calls }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try fake.calls()
    }

    @Test func deadlineExceededFails() async throws {
        let fake = try FakeKubectl(states: [Self.active, Self.deadline], pods: [[Self.runningPod], [Self.failedPod]])
        defer { fake.remove() }
        let lines = Lines()
        let outcome = await resource(fake).run(prepared(fake), control: RunControl()) { await lines.add($0) }
        #expect(outcome == .exited(3))
        #expect(await lines.texts.contains("swoop agent: Job/swoop-k8srun02 failed: DeadlineExceeded: Job was active longer than specified deadline"))
    }

    @Test func stopDeletesTheJob() async throws {
        let fake = try FakeKubectl(states: [Self.active], pods: [[Self.runningPod]])
        defer { fake.remove() }
        let control = RunControl(grace: .seconds(7))
        let r = resource(fake)
        async let outcome = r.run(prepared(fake), control: control) { _ in }
        _ = try await waitForCalls(fake) { $0.count >= 4 }
        control.stop()
        #expect(await outcome == .signaled(SIGTERM))
        let calls = try await waitForCalls(fake) { $0.contains { $0.prefix(2) == ["delete", "secret"] } }
        #expect(calls.contains([
            "delete", "Job", "swoop-k8srun02", "-n", "ml", "--ignore-not-found", "--wait=false", "--grace-period=7", "--cascade=foreground",
        ]))
    }

    @Test func deletedOutsideSwoopCrashes() async throws {
        let fake = try FakeKubectl(states: [Self.active], pods: [[Self.runningPod]])
        defer { fake.remove() }
        try Data().write(to: fake.dir.appendingPathComponent("deleted"))
        let lines = Lines()
        #expect(await resource(fake).run(prepared(fake), control: RunControl()) { await lines.add($0) } == .signaled(SIGKILL))
        #expect(await lines.texts.contains("swoop agent: Job/swoop-k8srun02 was deleted outside Swoop"))
    }

    @Test func applyFailureAndBadTemplateAreStartFailures() async throws {
        let fake = try FakeKubectl(states: [], applyError: "error: You must be logged in to the server (Unauthorized)\n")
        defer { fake.remove() }
        #expect(await resource(fake).run(prepared(fake), control: RunControl()) { _ in }
                == .couldNotStart("kubectl apply of Job/swoop-k8srun02 in namespace ml failed: error: You must be logged in to the server (Unauthorized)"))
        var bad = prepared(fake)
        bad.resourceConfig = ["spec": "x"]
        #expect(await resource(fake).run(bad, control: RunControl()) { _ in }
                == .couldNotStart("kubernetes template 'spec': expected a mapping, got a string"))
        #expect(KubernetesResource.detect(environment: ["SWOOP_KUBECTL": "kubectl --context lab"])?.kubectl == ["kubectl", "--context", "lab"])
        #expect(KubernetesResource.detect(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(KubernetesResource().visiblePath(ofRunFolder: URL(fileURLWithPath: "/w")) == "/swoop/config")
    }
}
