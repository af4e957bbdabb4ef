import Foundation
import SwoopModel

/// The Kubernetes objects for one run, built from a queue's template (pure; tested with golden files).
///
/// The template is a Job manifest (W&B style: `kind` defaults to `Job`, `apiVersion` to `batch/v1`,
/// missing `spec.template.spec.containers` are made) or any custom resource holding a pod template
/// (the first mapping with a `containers` list, found depth-first). The first container runs the run:
/// its `image` (else the run's), its `command` (else the run's command), plus `envFrom` the run's
/// Secret and the config file mounted read-only from it. Top-level `namespace` and `swoop_base_url`
/// are Swoop's keys and are taken out of the manifest.
public struct KubernetesManifest: Sendable, Hashable {
    /// Where the config file appears in the run's container (a projection of the Secret's `SWOOP_CONFIG`).
    public static let configFolder = "/swoop/config"
    /// The run's variables and token; referenced by the workload with `envFrom`.
    public var secret: JSONValue
    /// The Job (or custom resource) to apply.
    public var workload: JSONValue
    public var name: String
    public var namespace: String
    public var kind: String
    /// Labels every object and pod of the run carries (`kubectl logs -l`).
    public var selector: String

    /// A template the builder cannot use; names the key path and what was expected.
    public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var reason: String
        public var description: String { "kubernetes template '\(key)': \(reason)" }
    }

    /// Builds the run's Secret and workload; `sweepID` adds a label.
    public static func build(template: JSONValue, run: PreparedRun, sweepID: String? = nil) throws(TemplateError) -> KubernetesManifest {
        guard case .object(var root) = template else {
            throw TemplateError(key: "(top level)", reason: "expected a mapping (a Kubernetes manifest), got \(template.typeName)")
        }
        let namespaceKey = root.removeValue(forKey: "namespace")
        let baseURL = root.removeValue(forKey: "swoop_base_url")
        let kind = try string(root["kind"], "kind") ?? "Job"
        root["kind"] = .string(kind)
        guard let apiVersion = try string(root["apiVersion"], "apiVersion") ?? (kind == "Job" ? "batch/v1" : nil) else {
            throw TemplateError(key: "apiVersion", reason: "required for kind \(kind) (only a Job defaults to batch/v1)")
        }
        root["apiVersion"] = .string(apiVersion)
        var metadata = try object(root["metadata"], "metadata") ?? [:]
        let name = try string(metadata["name"], "metadata.name") ?? objectName(for: run.runID.rawValue)
        guard isDNSLabel(name) else {
            throw TemplateError(key: "metadata.name", reason: "'\(name)' is not a valid name (lower-case letters, digits and '-', at most 63)")
        }
        let metadataNamespace = try string(metadata["namespace"], "metadata.namespace")
        let namespace = try string(namespaceKey, "namespace") ?? metadataNamespace ?? "default"
        var labels: [String: JSONValue] = [
            "app.kubernetes.io/managed-by": "swoop", "swoop.dev/run-id": .string(labelValue(run.runID.rawValue)),
        ]
        if let sweepID { labels["swoop.dev/sweep-id"] = .string(labelValue(sweepID)) }
        metadata["name"] = .string(name)
        metadata["namespace"] = .string(namespace)
        metadata["labels"] = .object(try labelsMerged(metadata["labels"], "metadata.labels", labels))
        root["metadata"] = .object(metadata)
        let secretName = name.count <= 59 ? "\(name)-env" : String(name.prefix(59)) + "-env"

        var workload = JSONValue.object(root)
        let podPath: [String]
        if kind == "Job", apiVersion == "batch/v1" {
            podPath = ["spec", "template", "spec"]
            var spec = try object(root["spec"], "spec") ?? [:]
            if spec["backoffLimit"] == nil { spec["backoffLimit"] = 0 }
            if spec["ttlSecondsAfterFinished"] == nil { spec["ttlSecondsAfterFinished"] = 3600 }
            for key in ["backoffLimit", "ttlSecondsAfterFinished", "activeDeadlineSeconds"] {
                if let v = spec[key], case .int = v {} else if let v = spec[key] {
                    throw TemplateError(key: "spec.\(key)", reason: "expected an integer, got \(v.typeName)")
                }
            }
            workload = set(workload, ["spec"], .object(spec))
        } else {
            guard let found = findPodSpec(workload, path: []) else {
                throw TemplateError(key: "(top level)", reason: "no pod template found: a \(kind) needs a mapping with a 'containers' list somewhere in it")
            }
            podPath = found
        }
        let podKey = podPath.joined(separator: ".")
        var pod = try object(get(workload, podPath), podKey) ?? [:]
        var containers = try list(pod["containers"], "\(podKey).containers") ?? [.object([:])]
        guard case .object(var first) = containers.first ?? .null else {
            let what = containers.first.map { "got \($0.typeName)" } ?? "the list is empty"
            throw TemplateError(key: "\(podKey).containers[0]", reason: "expected a container mapping, \(what)")
        }
        let c0 = "\(podKey).containers[0]"
        if first["name"] == nil { first["name"] = "run" }
        _ = try string(first["name"], "\(c0).name")
        guard let image = try string(first["image"], "\(c0).image") ?? run.image else {
            throw TemplateError(key: "\(c0).image", reason: "no image: set it here, in the launch spec or on the job")
        }
        first["image"] = .string(image)
        if first["command"] == nil {
            first["command"] = .array(run.command.map { .string($0) })
        } else if try list(first["command"], "\(c0).command")?.contains(where: { $0.stringValue == nil }) == true {
            throw TemplateError(key: "\(c0).command", reason: "expected a list of strings")
        }
        var envFrom = try list(first["envFrom"], "\(c0).envFrom") ?? []
        envFrom.append(["secretRef": ["name": .string(secretName)]])
        first["envFrom"] = .array(envFrom)
        if let env = first["env"] { _ = try list(env, "\(c0).env") }
        var mounts = try list(first["volumeMounts"], "\(c0).volumeMounts") ?? []
        mounts.append(["name": "swoop-config", "mountPath": .string(configFolder), "readOnly": true])
        first["volumeMounts"] = .array(mounts)
        containers[0] = .object(first)
        pod["containers"] = .array(containers)
        var volumes = try list(pod["volumes"], "\(podKey).volumes") ?? []
        volumes.append([
            "name": "swoop-config",
            "secret": ["secretName": .string(secretName), "items": [["key": "SWOOP_CONFIG", "path": .string(RunEnvironment.configFileName)]]],
        ])
        pod["volumes"] = .array(volumes)
        if pod["restartPolicy"] == nil { pod["restartPolicy"] = "Never" }
        workload = set(workload, podPath, .object(pod))
        // The pods carry the run's labels too, so logs and pod states are found by label for any kind.
        let templatePath = Array(podPath.dropLast())
        if !templatePath.isEmpty {
            let templateKey = templatePath.joined(separator: ".")
            var podTemplate = try object(get(workload, templatePath), templateKey) ?? [:]
            var podMeta = try object(podTemplate["metadata"], "\(templateKey).metadata") ?? [:]
            podMeta["labels"] = .object(try labelsMerged(podMeta["labels"], "\(templateKey).metadata.labels", labels))
            podTemplate["metadata"] = .object(podMeta)
            workload = set(workload, templatePath, .object(podTemplate))
        }

        var variables = run.environment.filter { $0.key.hasPrefix("SWOOP_") }
        if let baseURL {
            guard case .string(let url) = baseURL, !url.isEmpty else {
                throw TemplateError(key: "swoop_base_url", reason: "expected the server's address as the pods reach it, got \(baseURL.typeName)")
            }
            variables["SWOOP_BASE_URL"] = url
        }
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": .string(secretName), "namespace": .string(namespace), "labels": .object(labels)],
            "stringData": .object(variables.mapValues { .string($0) }),
        ]
        return KubernetesManifest(
            secret: secret, workload: workload, name: name, namespace: namespace, kind: kind,
            selector: "swoop.dev/run-id=\(labelValue(run.runID.rawValue))")
    }

    /// Both objects as one `v1/List`, the document `kubectl apply -f` reads.
    public var list: JSONValue { ["apiVersion": "v1", "kind": "List", "items": [secret, workload]] }

    /// Pretty JSON with sorted keys (what golden files hold and kubectl reads).
    public static func render(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? JSONText.render(value)
    }

    // MARK: - names

    /// `swoop-<run id>` made a DNS label: lower case, `_` to `-`, long or changed ids shortened with a hash.
    public static func objectName(for runID: String) -> String {
        let cleaned = String(runID.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let name = "swoop-" + cleaned
        if name == "swoop-" + runID, name.count <= 63, isDNSLabel(name) { return name }
        let hash = SHA256.hex(runID).prefix(8)
        let stem = String(name.prefix(63 - 9)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return "\(stem)-\(hash)"
    }

    static func isDNSLabel(_ s: String) -> Bool {
        s.count <= 63 && s.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil
    }

    /// A label value (63 characters of `[A-Za-z0-9_.-]`, alphanumeric at both ends).
    static func labelValue(_ s: String) -> String {
        let kept = String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" }.prefix(63))
        return kept.trimmingCharacters(in: CharacterSet(charactersIn: "-_."))
    }

    // MARK: - typed access that names the key on error

    static func string(_ v: JSONValue?, _ key: String) throws(TemplateError) -> String? {
        guard let v else { return nil }
        guard case .string(let s) = v, !s.isEmpty else { throw TemplateError(key: key, reason: "expected a non-empty string, got \(v.typeName)") }
        return s
    }

    static func object(_ v: JSONValue?, _ key: String) throws(TemplateError) -> [String: JSONValue]? {
        guard let v else { return nil }
        guard case .object(let o) = v else { throw TemplateError(key: key, reason: "expected a mapping, got \(v.typeName)") }
        return o
    }

    static func list(_ v: JSONValue?, _ key: String) throws(TemplateError) -> [JSONValue]? {
        guard let v else { return nil }
        guard case .array(let a) = v else { throw TemplateError(key: key, reason: "expected a list, got \(v.typeName)") }
        return a
    }

    static func labelsMerged(_ v: JSONValue?, _ key: String, _ ours: [String: JSONValue]) throws(TemplateError) -> [String: JSONValue] {
        var labels = try object(v, key) ?? [:]
        for (k, value) in labels where value.stringValue == nil {
            throw TemplateError(key: "\(key).\(k)", reason: "expected a string, got \(value.typeName)")
        }
        labels.merge(ours) { $1 }
        return labels
    }

    static func get(_ v: JSONValue, _ path: [String]) -> JSONValue? {
        var current: JSONValue? = v
        for key in path { current = current?[key] }
        return current
    }

    /// `v` with the value at `path` replaced (mappings along the way are made as needed).
    static func set(_ v: JSONValue, _ path: [String], _ new: JSONValue) -> JSONValue {
        guard let key = path.first else { return new }
        var o = v.objectValue ?? [:]
        o[key] = set(o[key] ?? .object([:]), Array(path.dropFirst()), new)
        return .object(o)
    }

    /// The path of the first mapping with a `containers` list, keys visited in sorted order.
    static func findPodSpec(_ v: JSONValue, path: [String]) -> [String]? {
        guard case .object(let o) = v else { return nil }
        if case .array = o["containers"] { return path }
        for key in o.keys.sorted() { if let found = findPodSpec(o[key]!, path: path + [key]) { return found } }
        return nil
    }
}
