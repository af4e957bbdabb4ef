/// What Slurm says about one job, read from `squeue`, `scontrol show job -o` or the jobcomp file (pure parsers).
public struct SlurmJobReport: Sendable, Hashable {
    public var jobID: String
    public var state: SlurmJobState?
    /// The raw state text when it is not one Swoop knows.
    public var stateText: String
    public var reason: String?
    /// `ExitCode=code:signal`.
    public var exitCode: (code: Int32, signal: Int32)?

    public init(jobID: String, stateText: String, reason: String? = nil, exitCode: (code: Int32, signal: Int32)? = nil) {
        self.jobID = jobID; self.stateText = stateText; self.state = SlurmJobState(slurm: stateText); self.reason = reason
        self.exitCode = exitCode
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.jobID == b.jobID && a.stateText == b.stateText && a.reason == b.reason && a.exitCode?.code == b.exitCode?.code
            && a.exitCode?.signal == b.exitCode?.signal
    }

    public func hash(into h: inout Hasher) { h.combine(jobID); h.combine(stateText) }

    /// The `squeue` format these lines are read with: `jobid|state|reason`.
    public static let squeueFormat = "%i|%T|%r"

    /// `squeue -h -t all -o '%i|%T|%r'` output; lines that do not parse are skipped.
    public static func parseSqueue(_ text: String) -> [SlurmJobReport] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            return SlurmJobReport(jobID: parts[0], stateText: parts[1], reason: parts.count > 2 ? parts[2] : nil)
        }
    }

    /// One `key=value` record (`scontrol show job -o` or a jobcomp line).
    public init?(record line: Substring) {
        let fields = Self.fields(line)
        guard let id = fields["JobId"], let state = fields["JobState"] else { return nil }
        // An array task is known by its array id and index (jobcomp lists it by its raw id).
        if let array = fields["ArrayJobId"], let task = fields["ArrayTaskId"], !array.isEmpty, array != "0", task != "4294967294",
            !task.isEmpty, task != "N/A"
        {
            self.init(jobID: "\(array)_\(task)", stateText: state, reason: fields["Reason"], exitCode: fields["ExitCode"].flatMap(Self.exitCode))
        } else {
            self.init(jobID: id, stateText: state, reason: fields["Reason"], exitCode: fields["ExitCode"].flatMap(Self.exitCode))
        }
    }

    /// `scontrol show job -o ID` output (one line per job).
    public static func parseScontrol(_ text: String) -> [SlurmJobReport] {
        text.split(whereSeparator: \.isNewline).compactMap { SlurmJobReport(record: $0) }
    }

    /// jobcomp/filetxt lines; a later line for the same job (a requeued job ends more than once) wins.
    public static func parseJobcomp(_ text: Substring) -> [String: SlurmJobReport] {
        var byID: [String: SlurmJobReport] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            if let r = SlurmJobReport(record: line) { byID[r.jobID] = r }
        }
        return byID
    }

    /// `code:signal`.
    public static func exitCode(_ text: String) -> (code: Int32, signal: Int32)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let c = Int32(parts[0]), let s = Int32(parts[1]) else { return nil }
        return (c, s)
    }

    /// Space-separated `key=value` pairs (Slurm's one-line forms); the first value of a key wins.
    static func fields(_ line: Substring) -> [String: String] {
        var out: [String: String] = [:]
        for token in line.split(separator: " ") {
            guard let eq = token.firstIndex(of: "=") else { continue }
            let key = String(token[..<eq])
            if out[key] == nil { out[key] = String(token[token.index(after: eq)...]) }
        }
        return out
    }
}
