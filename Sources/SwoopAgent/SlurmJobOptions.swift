import Foundation
import SwoopModel

/// The `sbatch` options of one run, read from its resource configuration (the queue's template with the
/// item's `resource_args` laid over it, macros already applied) and checked before anything is submitted.
///
/// Keys (a `-` may stand for `_`): `partition`, `time` (Slurm's formats or whole minutes), `cpus_per_task`,
/// `mem`, `gres`, `gpus`, `account`, `qos`, `job_name`, `output`, `error`, `sbatch_args` (extra
/// `#SBATCH` lines, a list of options such as `--exclusive`).
public struct SlurmJobOptions: Sendable, Hashable {
    public var partition: String?
    public var time: String?
    public var cpusPerTask: Int?
    public var mem: String?
    public var gres: String?
    public var gpus: String?
    public var account: String?
    public var qos: String?
    public var jobName: String?
    /// Standard output file; `%j` (job id), `%x` (job name) and `%%` are the only patterns allowed, so the agent can find it.
    public var output: String?
    /// Standard error file; same patterns as `output`.
    public var error: String?
    public var extraArgs: [String] = []

    /// Every key the Slurm resource reads.
    public static let knownKeys = [
        "partition", "time", "cpus_per_task", "mem", "gres", "gpus", "account", "qos", "job_name", "output", "error", "sbatch_args",
    ]

    /// A configuration value Slurm cannot be given; names the key and what was expected.
    public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var reason: String
        public var description: String { "slurm resource configuration '\(key)': \(reason)" }
    }

    public init() {}

    /// Reads and checks a resource configuration (a mapping; null or absent keys are left unset).
    public init(config: JSONValue) throws(ConfigError) {
        guard let object = config.objectValue else {
            throw ConfigError(key: "(configuration)", reason: "expected a mapping of sbatch options, got \(config.typeName)")
        }
        var values: [String: JSONValue] = [:]
        for (rawKey, value) in object {
            let key = rawKey.replacingOccurrences(of: "-", with: "_")
            guard Self.knownKeys.contains(key) else {
                throw ConfigError(key: rawKey, reason: "unknown key; expected one of \(Self.knownKeys.joined(separator: ", "))")
            }
            if value != .null { values[key] = value }
        }
        func text(_ key: String) throws(ConfigError) -> String? {
            guard let v = values[key] else { return nil }
            guard case .string(let s) = v else { throw ConfigError(key: key, reason: "expected a string, got \(v.typeName)") }
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.contains(where: \.isNewline) else {
                throw ConfigError(key: key, reason: "expected a non-empty one-line string, got \(PythonText.quoted(s))")
            }
            return trimmed
        }
        partition = try text("partition")
        account = try text("account")
        qos = try text("qos")
        gres = try text("gres")
        jobName = try text("job_name")
        if let t = values["time"] {
            switch t {
            case .int(let minutes) where minutes > 0: time = String(minutes)
            case .string(let s) where Self.isTimeLimit(s.trimmingCharacters(in: .whitespaces)): time = s.trimmingCharacters(in: .whitespaces)
            default:
                throw ConfigError(
                    key: "time",
                    reason: "expected minutes (a positive integer) or a Slurm time limit (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, UNLIMITED), got \(Self.shown(t))")
            }
        }
        if let c = values["cpus_per_task"] {
            switch c {
            case .int(let n) where n > 0: cpusPerTask = n
            case .string(let s) where Int(s).map({ $0 > 0 }) == true: cpusPerTask = Int(s)
            default: throw ConfigError(key: "cpus_per_task", reason: "expected a positive integer, got \(Self.shown(c))")
            }
        }
        if let m = values["mem"] {
            switch m {
            case .int(let mb) where mb >= 0: mem = "\(mb)M"
            case .string(let s) where s.wholeMatch(of: /[0-9]+[KMGTkmgt]?/) != nil: mem = s.uppercased()
            default: throw ConfigError(key: "mem", reason: "expected megabytes (an integer) or a size such as 512M, 4G, got \(Self.shown(m))")
            }
        }
        if let g = values["gpus"] {
            switch g {
            case .int(let n) where n >= 0: gpus = String(n)
            case .string(let s) where s.wholeMatch(of: /([A-Za-z0-9_.-]+:)?[0-9]+/) != nil: gpus = s
            default: throw ConfigError(key: "gpus", reason: "expected a count or TYPE:COUNT (e.g. 2, a100:2), got \(Self.shown(g))")
            }
        }
        output = try text("output")
        error = try text("error")
        for key in ["output", "error"] {
            guard let path = key == "output" ? output : error else { continue }
            if let bad = Self.unsupportedPattern(in: path) {
                throw ConfigError(key: key, reason: "the pattern %\(bad) is not supported (only %j, %x and %%), because the agent must find the file to read it")
            }
        }
        if let a = values["sbatch_args"] {
            guard case .array(let items) = a else { throw ConfigError(key: "sbatch_args", reason: "expected a list of sbatch options, got \(a.typeName)") }
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item, s.hasPrefix("-"), !s.contains(where: \.isNewline) else {
                    throw ConfigError(key: "sbatch_args[\(i)]", reason: "expected one sbatch option starting with '-' on one line, got \(Self.shown(item))")
                }
                extraArgs.append(s)
            }
        }
    }

    /// Slurm's `--time` formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, or no limit.
    public static func isTimeLimit(_ s: String) -> Bool {
        if ["UNLIMITED", "INFINITE"].contains(s.uppercased()) { return true }
        return s.wholeMatch(of: /[0-9]+(:[0-9]{1,2}){0,2}/) != nil || s.wholeMatch(of: /[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2}/) != nil
    }

    /// The first `%` pattern letter in a file name other than j, x and %.
    static func unsupportedPattern(in path: String) -> Character? {
        var chars = path.makeIterator()
        while let c = chars.next() {
            guard c == "%" else { continue }
            guard let letter = chars.next() else { return "%" }
            if !"jx%".contains(letter) { return letter }
        }
        return nil
    }

    static func shown(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return PythonText.quoted(s)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        default: return v.typeName
        }
    }
}
