import Foundation
import SwoopModel

/// Runs as a Kubernetes Job (or custom resource) through `kubectl`: the queue's template becomes the
/// run's Secret and workload (`KubernetesManifest`), applied with `kubectl apply -f FILE`, watched with
/// `kubectl get -o json` (workload and pods), its logs followed with `kubectl logs -f -l`, and deleted
/// with `kubectl delete` when the run is stopped. The Secret is deleted when the run ends.
///
/// It has been tested against recorded kubectl output only, never against a live cluster.
public struct KubernetesResource: Resource {
    public var kind: String { "kubernetes" }
    public var runsImages: Bool { true }
    /// `kubectl` and its global options (`--context`, `--kubeconfig`).
    public let kubectl: [String]
    /// How often the workload is read.
    public let pollInterval: Duration

    public init(kubectl: [String] = ["kubectl"], pollInterval: Duration = .seconds(5)) {
        self.kubectl = kubectl; self.pollInterval = pollInterval
    }

    /// `SWOOP_KUBECTL` (split like a shell line) when set, else `kubectl` on PATH; nil when neither.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> KubernetesResource? {
        if let chosen = environment["SWOOP_KUBECTL"], !chosen.isEmpty {
            let words = (try? ShellWords.split(chosen)) ?? [chosen]
            return words.isEmpty ? nil : KubernetesResource(kubectl: words)
        }
        return ContainerEngine.onPath("kubectl", environment: environment).map { KubernetesResource(kubectl: [$0]) }
    }

    public func visiblePath(ofRunFolder folder: URL) -> String { KubernetesManifest.configFolder }

    public func run(_ run: PreparedRun, control: RunControl, output: @escaping @Sendable (OutputLine) async -> Void) async -> RunOutcome {
        let m: KubernetesManifest
        do { m = try KubernetesManifest.build(template: run.resourceConfig, run: run, sweepID: run.environment["SWOOP_SWEEP_ID"]) } catch {
            return .couldNotStart("\(error)")
        }
        let note: @Sendable (String) async -> Void = { text in await output(OutputLine(.stderr, "swoop agent: \(text)")) }
        // The manifest holds the run token: a file only root and the agent can read, gone once applied.
        let file = run.workingDirectory.appendingPathComponent("swoop-kubernetes-\(m.name).json")
        guard FileManager.default.createFile(atPath: file.path, contents: Data(JSONText.render(m.list).utf8), attributes: [.posixPermissions: 0o600])
        else { return .couldNotStart("could not write the manifest to \(file.path)") }
        let applied = await CommandRunner.run(kubectl + ["apply", "-f", file.path])
        try? FileManager.default.removeItem(at: file)
        guard applied.succeeded else {
            return .couldNotStart("kubectl apply of \(m.kind)/\(m.name) in namespace \(m.namespace) failed: \(applied.lastError)")
        }
        await note("applied \(m.kind)/\(m.name) in namespace \(m.namespace)")
        let container = m.workload.firstContainerName ?? "run"
        let logs = KubernetesLogFollower(
            command: kubectl + ["logs", "-n", m.namespace, "-l", m.selector, "-c", container, "--tail=-1"], folder: run.workingDirectory,
            output: output)
        defer { Task { [kubectl] in _ = await CommandRunner.run(kubectl + ["delete", "secret", "-n", m.namespace, "--ignore-not-found", secretName(m)]) } }
        // One waiter for the stop request races the watch: a stream read by a cancelled task ends for good.
        let watched: RunOutcome? = await withTaskGroup(of: RunOutcome?.self) { group in
            // nil: a stop was asked (a cancelled waiter's answer is never the first).
            group.addTask { await control.waitForStop() ? nil : .signaled(SIGTERM) }
            group.addTask { await watch(m, logs: logs, note: note) }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let watched { return watched }
        let grace = max(1, Int(control.grace.components.seconds))
        let deleted = await CommandRunner.run(
            kubectl + ["delete", m.kind, m.name, "-n", m.namespace, "--ignore-not-found", "--wait=false", "--grace-period=\(grace)",
                       "--cascade=foreground"])
        await note(deleted.succeeded ? "deleted \(m.kind)/\(m.name) on request" : "kubectl delete failed: \(deleted.lastError)")
        await logs.stop()
        return .signaled(SIGTERM)
    }

    /// Polls the workload and its pods until it ends; follows its logs once a pod runs.
    func watch(
        _ m: KubernetesManifest, logs: KubernetesLogFollower, note: @Sendable (String) async -> Void
    ) async -> RunOutcome {
        var lastNote: String?
        var failures = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            if Task.isCancelled { break }
            let got = await CommandRunner.run(kubectl + ["get", m.kind, m.name, "-n", m.namespace, "-o", "json"])
            guard got.succeeded, let workload = try? JSONText.parse(got.stdout) else {
                if got.stderr.contains("NotFound") || got.stderr.contains("not found") {
                    await note("\(m.kind)/\(m.name) was deleted outside Swoop")
                    await logs.stop()
                    return .signaled(SIGKILL)
                }
                failures += 1
                if failures >= 30 {
                    await logs.stop()
                    return .couldNotStart("kubectl could not read \(m.kind)/\(m.name) \(failures) times in a row: \(got.lastError)")
                }
                continue
            }
            failures = 0
            let pods = await CommandRunner.run(kubectl + ["get", "pods", "-n", m.namespace, "-l", m.selector, "-o", "json"])
            let observed = KubernetesObservation.read(workload: workload, pods: pods.succeeded ? try? JSONText.parse(pods.stdout) : nil)
            switch observed {
            case .pending(let why):
                if let why, why != lastNote { await note("waiting: \(why)") }
                lastNote = why
            case .running:
                await logs.follow()
            case .succeeded:
                await logs.finish()
                return .exited(0)
            case .failed(let code, let message):
                await logs.finish()
                await note("\(m.kind)/\(m.name) failed: \(message)")
                return .exited(code)
            }
        }
        return .signaled(SIGTERM)
    }

    func secretName(_ m: KubernetesManifest) -> String { m.secret["metadata"]?["name"]?.stringValue ?? "\(m.name)-env" }
}

extension JSONValue {
    /// The name of the first container of the first pod template found (the run's container).
    var firstContainerName: String? {
        guard let path = KubernetesManifest.findPodSpec(self, path: []) else { return nil }
        return KubernetesManifest.get(self, path + ["containers"])?.arrayValue?.first?["name"]?.stringValue
    }
}
