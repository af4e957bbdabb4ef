import Foundation
import SwoopModel

/// The `docker run` / `podman run` command line for one run (pure, so it is tested without an engine).
///
/// The run folder is mounted at `/swoop/run` (the working directory inside) with the config file over
/// it read-only. Variables are named with `-e NAME` and their values travel in the engine client's
/// environment, so the run token never shows on a command line (`ps`). The container joins the host's
/// network by default so `SWOOP_BASE_URL` on 127.0.0.1 works and no bridge network is created.
///
/// Resource configuration keys: `image` (else the spec's or job's image), `network` (`host` by
/// default; `none`; others only when the agent allows them), `memory` (`512m`, `2g` or bytes), `cpus`
/// (a number), `gpus` (`all` or a count/list: `--gpus` for docker, a CDI device for podman), `pull`
/// (`missing`, `never`, `always`, `newer`), `env` (a mapping of extra variables), `args` (extra `run`
/// options, a list of strings), `name` (container name, default `swoop-<run id>`).
public enum ContainerCommandLine {
    /// Where the run folder appears inside the container.
    public static let runFolder = "/swoop/run"

    /// The networks a queue may ask for unless the agent's operator allows more: neither makes a bridge.
    public static let defaultNetworks: Set<String> = ["host", "none"]

    /// A configuration the builder cannot use; names the key.
    public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var reason: String
        public var description: String { "resource configuration '\(key)': \(reason)" }
    }

    /// The engine's arguments and the variables its client process must have for `-e NAME` to pass them on.
    public struct Invocation: Sendable, Hashable {
        public var arguments: [String]
        public var environment: [String: String]
        /// The container's name (to stop or remove it).
        public var name: String
        public var image: String
    }

    /// `engine run ...` for `run`; `variables` are the ones passed into the container.
    public static func build(
        engine: ContainerEngine, run: PreparedRun, variables: [String: String], allowedNetworks: Set<String> = defaultNetworks
    ) throws(ConfigError) -> Invocation {
        guard case .object(let config) = run.resourceConfig else {
            throw ConfigError(key: "(top level)", reason: "expected a mapping, got \(run.resourceConfig.typeName)")
        }
        func string(_ key: String) throws(ConfigError) -> String? {
            guard let v = config[key] else { return nil }
            guard case .string(let s) = v, !s.isEmpty else { throw ConfigError(key: key, reason: "expected a non-empty string, got \(v.typeName)") }
            return s
        }
        guard let image = try string("image") ?? run.image else {
            throw ConfigError(key: "image", reason: "no image: set it in the queue's configuration, the launch spec or the job")
        }
        let name = try string("name") ?? "swoop-\(run.runID.rawValue)"
        let network = try string("network") ?? "host"
        guard allowedNetworks.contains(network) else {
            throw ConfigError(
                key: "network",
                reason: "'\(network)' is not allowed on this agent (allowed: \(allowedNetworks.sorted().joined(separator: ", "))); "
                    + "set SWOOP_CONTAINER_NETWORKS on the agent to allow more")
        }
        var line = engine.command + ["run", "--rm", "--name", name, "--network=\(network)"]
        if let pull = try string("pull") {
            guard ["missing", "never", "always", "newer"].contains(pull) else {
                throw ConfigError(key: "pull", reason: "expected one of missing, never, always, newer, got '\(pull)'")
            }
            line.append("--pull=\(pull)")
        }
        if let memory = config["memory"] { line += ["--memory", try memoryLimit(memory)] }
        if let cpus = config["cpus"] { line += ["--cpus", try cpuLimit(cpus)] }
        if let gpus = config["gpus"] { line += try gpuOptions(gpus, engine: engine.kind) }
        let configFile = run.workingDirectory.appendingPathComponent(RunEnvironment.configFileName).path
        line += ["-v", "\(run.workingDirectory.path):\(runFolder)", "-v", "\(configFile):\(runFolder)/\(RunEnvironment.configFileName):ro",
                 "-w", runFolder]
        var environment = variables
        if let extra = config["env"] {
            guard case .object(let pairs) = extra else { throw ConfigError(key: "env", reason: "expected a mapping of names to values, got \(extra.typeName)") }
            for (key, value) in pairs where variables[key] == nil {
                switch value {
                case .string(let s): environment[key] = s
                case .int, .double, .bool: environment[key] = JSONText.render(value)
                default: throw ConfigError(key: "env.\(key)", reason: "expected a string, number or boolean, got \(value.typeName)")
                }
            }
        }
        for key in environment.keys.sorted() {
            guard !key.isEmpty, !key.contains("=") else { throw ConfigError(key: "env.\(key)", reason: "not a variable name") }
            line += ["-e", key]
        }
        if let a = config["args"] {
            guard case .array(let items) = a else { throw ConfigError(key: "args", reason: "expected a list of strings, got \(a.typeName)") }
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else { throw ConfigError(key: "args[\(i)]", reason: "expected a string, got \(item.typeName)") }
                line.append(s)
            }
        }
        line.append(image)
        line += run.command
        return Invocation(arguments: line, environment: environment, name: name, image: image)
    }

    /// `512m`, `2g`, `1.5g`, or a number of bytes.
    static func memoryLimit(_ v: JSONValue) throws(ConfigError) -> String {
        switch v {
        case .int(let bytes) where bytes > 0: return "\(bytes)b"
        case .string(let s) where s.range(of: #"^[0-9]+(\.[0-9]+)?[bkmgBKMG]?$"#, options: .regularExpression) != nil: return s.lowercased()
        default: throw ConfigError(key: "memory", reason: "expected a size such as 512m or 2g, or a number of bytes, got \(describe(v))")
        }
    }

    /// A positive number of CPUs (fractions allowed).
    static func cpuLimit(_ v: JSONValue) throws(ConfigError) -> String {
        let n: Double? = v.number ?? v.stringValue.flatMap(Double.init)
        guard let n, n > 0, n.isFinite else { throw ConfigError(key: "cpus", reason: "expected a positive number, got \(describe(v))") }
        return n == n.rounded() && n < 1e6 ? String(Int(n)) : JSONText.renderNumber(n)
    }

    /// docker's `--gpus` takes `all`, a count or `device=0,1`; podman (4.x) reaches GPUs through the CDI device name.
    static func gpuOptions(_ v: JSONValue, engine: ContainerEngine.Kind) throws(ConfigError) -> [String] {
        let value: String
        switch v {
        case .int(let n) where n > 0: value = String(n)
        case .string(let s) where !s.isEmpty && !s.contains(" "): value = s
        default: throw ConfigError(key: "gpus", reason: "expected all, a count, or device=LIST, got \(describe(v))")
        }
        switch engine {
        case .docker: return ["--gpus", value]
        case .podman:
            let devices = value.hasPrefix("device=") ? String(value.dropFirst(7)) : value
            if Int(devices) != nil, !value.hasPrefix("device=") {
                // A count has no CDI spelling; the first N devices are what docker would give.
                return (0..<Int(devices)!).flatMap { ["--device", "nvidia.com/gpu=\($0)"] }
            }
            return devices.split(separator: ",").flatMap { ["--device", "nvidia.com/gpu=\($0)"] }
        }
    }

    static func describe(_ v: JSONValue) -> String {
        if case .string(let s) = v { return "'\(s)'" }
        return v.typeName
    }
}
