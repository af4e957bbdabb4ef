import Foundation
import SwoopModel
import Testing
@testable import SwoopAgent

/// Kubernetes manifests from queue templates: golden files (`SWOOP_UPDATE_GOLDEN=1` rewrites them),
/// kubectl's offline decoding of what is produced, and errors that name the template key.
@Suite struct KubernetesManifestTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden", isDirectory: true)

    static func run(_ config: JSONValue, image: String? = "registry.example/train:1") -> PreparedRun {
        PreparedRun(
            runID: "k8srun01", command: ["python", "train.py", "--lr=0.1"],
            environment: [
                "SWOOP_RUN_ID": "k8srun01", "SWOOP_API_KEY": "run-token", "SWOOP_BASE_URL": "http://127.0.0.1:8080",
                "SWOOP_CONFIG": #"{"lr": 0.1}"#, "SWOOP_CONFIG_FILE": "/swoop/config/swoop-config.json", "SWOOP_SWEEP_ID": "sw1",
                "PATH": "/usr/bin", "HOME": "/root",
            ],
            workingDirectory: URL(fileURLWithPath: "/w/runs/k8srun01"), resourceConfig: config, image: image)
    }

    /// The templates with golden files: the bare minimum, a W&B-style Job, and a custom resource.
    static let templates: [String: JSONValue] = [
        "minimal": [:],
        "wandb-job": [
            "namespace": "ml", "swoop_base_url": "http://swoop.ml.svc:8080",
            "metadata": ["labels": ["team": "vision"]],
            "spec": [
                "activeDeadlineSeconds": 3600,
                "template": [
                    "metadata": ["annotations": ["note": "from the queue"]],
                    "spec": [
                        "nodeSelector": ["gpu": "a100"],
                        "containers": [[
                            "resources": ["limits": ["nvidia.com/gpu": "1", "memory": "8Gi"]],
                            "env": [["name": "EXTRA", "value": "1"]],
                        ]],
                    ],
                ],
            ],
        ],
        "custom-resource": [
            "apiVersion": "kubeflow.org/v1", "kind": "PyTorchJob",
            "metadata": ["name": "swoop-pytorch-${run_id}"],
            "spec": ["pytorchReplicaSpecs": ["Master": ["replicas": 1, "template": ["spec": ["containers": [["name": "pytorch"]]]]]]],
        ],
    ]

    @Test(arguments: templates.keys.sorted())
    func matchesGoldenFile(_ name: String) throws {
        var template = Self.templates[name]!
        // The agent fills dynamic macros before the resource sees the template.
        template = ResourceConfigMacros.apply(template, values: ["run_id": "k8srun01"], environment: [:])
        let m = try KubernetesManifest.build(template: template, run: Self.run(template), sweepID: "sw1")
        let text = KubernetesManifest.render(m.list) + "\n"
        let file = Self.golden.appendingPathComponent("kubernetes-\(name).json")
        if ProcessInfo.processInfo.environment["SWOOP_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "run with SWOOP_UPDATE_GOLDEN=1 to accept a deliberate change, then read the diff")
    }

    @Test func whatTheManifestPromises() throws {
        let m = try KubernetesManifest.build(template: Self.templates["wandb-job"]!, run: Self.run([:]), sweepID: "sw1")
        #expect(m.name == "swoop-k8srun01" && m.namespace == "ml" && m.kind == "Job")
        #expect(m.selector == "swoop.dev/run-id=k8srun01")
        let data = try #require(m.secret["stringData"]?.objectValue)
        #expect(Set(data.keys) == ["SWOOP_RUN_ID", "SWOOP_API_KEY", "SWOOP_BASE_URL", "SWOOP_CONFIG", "SWOOP_CONFIG_FILE", "SWOOP_SWEEP_ID"],
                "only Swoop's variables go to the cluster")
        #expect(data["SWOOP_BASE_URL"] == "http://swoop.ml.svc:8080", "the address the pods reach the server at")
        let spec = try #require(m.workload["spec"])
        #expect(spec["backoffLimit"] == 0 && spec["ttlSecondsAfterFinished"] == 3600 && spec["activeDeadlineSeconds"] == 3600)
        let pod = try #require(spec["template"]?["spec"])
        #expect(pod["restartPolicy"] == "Never")
        let c = try #require(pod["containers"]?.arrayValue?.first)
        #expect(c["image"] == "registry.example/train:1" && c["command"] == ["python", "train.py", "--lr=0.1"])
        #expect(c["envFrom"] == [["secretRef": ["name": "swoop-k8srun01-env"]]])
        #expect(c["resources"]?["limits"]?["nvidia.com/gpu"] == "1", "the template's own settings stay")
        #expect(spec["template"]?["metadata"]?["labels"]?["swoop.dev/run-id"] == "k8srun01", "pods carry the run's label")
        #expect(m.workload["metadata"]?["labels"]?["team"] == "vision" && m.workload["metadata"]?["labels"]?["swoop.dev/sweep-id"] == "sw1")
        #expect(m.workload["namespace"] == nil && m.workload["swoop_base_url"] == nil, "Swoop's keys are not sent")
    }

    @Test func templateCommandAndImageWin() throws {
        let t: JSONValue = ["spec": ["template": ["spec": ["containers": [["name": "main", "image": "mine:2", "command": ["/entry"]]]]]]]
        let m = try KubernetesManifest.build(template: t, run: Self.run(t, image: nil))
        let c = m.workload["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first
        #expect(c?["image"] == "mine:2" && c?["command"] == ["/entry"] && c?["name"] == "main")
        #expect(m.workload.firstContainerName == "main")
    }

    @Test func namesAreValidForKubernetes() {
        #expect(KubernetesManifest.objectName(for: "abc123") == "swoop-abc123")
        let odd = KubernetesManifest.objectName(for: "My_Run")
        #expect(odd.hasPrefix("swoop-my-run-") && odd.count == "swoop-my-run-".count + 8 && KubernetesManifest.isDNSLabel(odd))
        #expect(KubernetesManifest.objectName(for: "My_Run") != KubernetesManifest.objectName(for: "my-run"), "a changed id gets a hash")
        let long = KubernetesManifest.objectName(for: String(repeating: "a", count: 128))
        #expect(long.count <= 63 && KubernetesManifest.isDNSLabel(long))
        #expect(KubernetesManifest.labelValue("_x.y-") == "x.y" && KubernetesManifest.labelValue(String(repeating: "b", count: 99)).count == 63)
    }

    @Test func badTemplatesNameTheKey() {
        let c0 = "spec.template.spec.containers[0]"
        let cases: [(JSONValue, String?, String, String)] = [
            (["a"], "i", "(top level)", "expected a mapping (a Kubernetes manifest), got a list"),
            (["kind": 3], "i", "kind", "expected a non-empty string, got an integer"),
            (["kind": "PyTorchJob"], "i", "apiVersion", "required for kind PyTorchJob (only a Job defaults to batch/v1)"),
            (["kind": "PyTorchJob", "apiVersion": "kubeflow.org/v1", "spec": ["x": 1]], "i", "(top level)",
             "no pod template found: a PyTorchJob needs a mapping with a 'containers' list somewhere in it"),
            (["metadata": "m"], "i", "metadata", "expected a mapping, got a string"),
            (["metadata": ["name": "Not_Valid"]], "i", "metadata.name", "'Not_Valid' is not a valid name (lower-case letters, digits and '-', at most 63)"),
            (["metadata": ["labels": ["a": 1]]], "i", "metadata.labels.a", "expected a string, got an integer"),
            (["namespace": ["x"]], "i", "namespace", "expected a non-empty string, got a list"),
            (["spec": ["x"]], "i", "spec", "expected a mapping, got a list"),
            (["spec": ["backoffLimit": "zero"]], "i", "spec.backoffLimit", "expected an integer, got a string"),
            (["spec": ["template": ["spec": ["containers": "c"]]]], "i", "spec.template.spec.containers", "expected a list, got a string"),
            (["spec": ["template": ["spec": ["containers": []]]]], "i", c0, "expected a container mapping, the list is empty"),
            (["spec": ["template": ["spec": ["containers": ["c"]]]]], "i", c0, "expected a container mapping, got a string"),
            ([:], nil, "\(c0).image", "no image: set it here, in the launch spec or on the job"),
            (["spec": ["template": ["spec": ["containers": [["image": 5]]]]]], "i", "\(c0).image", "expected a non-empty string, got an integer"),
            (["spec": ["template": ["spec": ["containers": [["command": "sh"]]]]]], "i", "\(c0).command", "expected a list, got a string"),
            (["spec": ["template": ["spec": ["containers": [["command": [1]]]]]]], "i", "\(c0).command", "expected a list of strings"),
            (["spec": ["template": ["spec": ["containers": [["env": ["A": "b"]]]]]]], "i", "\(c0).env", "expected a list, got a mapping"),
            (["spec": ["template": ["spec": ["volumes": "v"]]]], "i", "spec.template.spec.volumes", "expected a list, got a string"),
            (["swoop_base_url": 1], "i", "swoop_base_url", "expected the server's address as the pods reach it, got an integer"),
        ]
        for (template, image, key, reason) in cases {
            #expect(throws: KubernetesManifest.TemplateError(key: key, reason: reason), "\(template)") {
                try KubernetesManifest.build(template: template, run: Self.run(template, image: image))
            }
        }
    }

    /// kubectl reads every golden file offline (`label --local`), and decodes the Jobs into its typed
    /// structs (`set env --local`), which rejects a wrong type anywhere in a Job or its pod template.
    @Test(.enabled(if: KubectlGate.enabled, "set SWOOP_TEST_KUBECTL to the kubectl to check manifests with"), arguments: templates.keys.sorted())
    func kubectlReadsIt(_ name: String) async throws {
        let kubectl = try KubectlGate.kubectl()
        let file = Self.golden.appendingPathComponent("kubernetes-\(name).json")
        let labelled = await CommandRunner.run([kubectl, "label", "--local", "-f", file.path, "swoop.dev/check=1", "-o", "name"])
        #expect(labelled.succeeded, "\(labelled.stderr)")
        let list = try JSONText.parse(String(contentsOf: file, encoding: .utf8))
        let workload = try #require(list["items"]?.arrayValue?.last)
        #expect(labelled.stdout.contains("secret/swoop-"))
        guard workload["kind"] == "Job" else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let job = dir.appendingPathComponent("job.json")
        try Data(JSONText.render(workload).utf8).write(to: job)
        let typed = await CommandRunner.run([kubectl, "set", "env", "--local", "-f", job.path, "SWOOP_CHECK=1", "-o", "json"])
        #expect(typed.succeeded, "\(typed.stderr)")
        let decoded = try JSONText.parse(typed.stdout)
        #expect(decoded["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first?["envFrom"] != nil)
        // The check itself can fail: a wrong type is refused.
        try Data(#"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"x"},"spec":{"backoffLimit":"zero"}}"#.utf8).write(to: job)
        let refused = await CommandRunner.run([kubectl, "set", "env", "--local", "-f", job.path, "SWOOP_CHECK=1", "-o", "json"])
        #expect(!refused.succeeded && refused.stderr.contains("backoffLimit"))
    }
}
