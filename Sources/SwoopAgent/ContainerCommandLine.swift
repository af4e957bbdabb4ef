import Foundation
import SwoopModel

/// The `docker run` / `podman run` command line for one run (pure, so it is tested without an engine).
///
/// The run folder is mounted at `/swoop/run` (the working directory inside), the run's variables are
/// passed with `-e`, and the container joins the host's network by default so `SWOOP_BASE_URL` on
/// 127.0.0.1 works and no bridge network is created. Resource configuration keys: `image` (else the
/// spec's or job's image), `network` (default `host`), `args` (extra `run` options, a list of strings),
/// `name` (container name, default `swoop-<run id>`).
public enum ContainerCommandLine {
    /// Where the run folder appears inside the container.
    public static let runFolder = "/swoop/run"

    /// A configuration the builder cannot use; names the key.
    public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var reason: String
        public var description: String { "resource configuration '\(key)': \(reason)" }
    }

    /// `engine run ...` for `run`; `variables` are the ones passed into the container.
    public static func build(engine: String, run: PreparedRun, variables: [String: String]) throws(ConfigError) -> [String] {
        let config = run.resourceConfig.objectValue ?? [:]
        func string(_ key: String) throws(ConfigError) -> String? {
            guard let v = config[key] else { return nil }
            guard case .string(let s) = v, !s.isEmpty else { throw ConfigError(key: key, reason: "expected a non-empty string, got \(v.typeName)") }
            return s
        }
        guard let image = try string("image") ?? run.image else {
            throw ConfigError(key: "image", reason: "no image: set it in the queue's configuration, the launch spec or the job")
        }
        var extra: [String] = []
        if let a = config["args"] {
            guard case .array(let items) = a else { throw ConfigError(key: "args", reason: "expected a list of strings, got \(a.typeName)") }
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else { throw ConfigError(key: "args[\(i)]", reason: "expected a string, got \(item.typeName)") }
                extra.append(s)
            }
        }
        var line = [engine, "run", "--rm", "--name", try string("name") ?? "swoop-\(run.runID.rawValue)"]
        line.append("--network=\(try string("network") ?? "host")")
        line += ["-v", "\(run.workingDirectory.path):\(runFolder)", "-w", runFolder]
        for key in variables.keys.sorted() { line += ["-e", "\(key)=\(variables[key]!)"] }
        line += extra
        line.append(image)
        line += run.command
        return line
    }
}
