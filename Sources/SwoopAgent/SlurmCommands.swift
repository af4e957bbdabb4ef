import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Slurm's command-line tools as the agent calls them: `sbatch`, `squeue`, `scontrol`, `scancel`.
///
/// The tools find their cluster through `SLURM_CONF` (or /etc/slurm), so every call gets the agent's
/// environment; `sbatch` also gets the run's, which `--export=ALL` hands to the job.
public struct SlurmCommands: Sendable {
    /// The agent's environment (PATH to the tools, SLURM_CONF).
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) { self.environment = environment }

    /// What a tool printed and how it ended (`status` nil when it could not be started).
    public struct Output: Sendable {
        public var status: Int32?
        public var standardOutput: String
        public var standardError: String
        var trimmedError: String { standardError.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A failed call, said plainly (the tool, how it ended, what it printed on standard error).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `sbatch` is on this machine's PATH.
    public var isAvailable: Bool {
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/sbatch") }
    }

    func call(_ tool: String, _ arguments: [String], environment extra: [String: String] = [:]) async -> Output {
        var env: [Environment.Key: String] = [:]
        for (k, v) in environment.merging(extra, uniquingKeysWith: { _, run in run }) {
            if let key = Environment.Key(rawValue: k) { env[key] = v }
        }
        do {
            let result = try await Subprocess.run(
                .name(tool), arguments: Arguments(arguments), environment: .custom(env),
                output: .string(limit: 1 << 22), error: .string(limit: 1 << 16))
            let status: Int32
            switch result.terminationStatus {
            case .exited(let code): status = code
            case .signaled(let signal): status = 128 + signal
            }
            return Output(status: status, standardOutput: result.standardOutput ?? "", standardError: result.standardError ?? "")
        } catch {
            return Output(status: nil, standardOutput: "", standardError: "could not start \(tool): \(error)")
        }
    }

    /// Submits a batch script; returns the job id (`sbatch --parsable` prints `id` or `id;cluster`).
    public func submit(script: String, runEnvironment: [String: String]) async throws(Failure) -> String {
        let out = await call("sbatch", ["--parsable", script], environment: runEnvironment)
        let id = out.standardOutput.split(whereSeparator: \.isNewline).last.map { String($0.split(separator: ";")[0]) } ?? ""
        guard out.status == 0, !id.isEmpty, id.allSatisfy({ $0.isNumber || $0 == "_" }) else {
            throw Failure(description: "sbatch \(script) failed (\(out.status.map { "exit code \($0)" } ?? "not started")): \(out.trimmedError)")
        }
        return id
    }

    /// One `squeue` call for all these jobs, finished ones included; nil when squeue itself failed.
    public func queue(jobIDs: [String]) async -> [SlurmJobReport]? {
        guard !jobIDs.isEmpty else { return [] }
        let out = await call("squeue", ["-h", "-t", "all", "-o", SlurmJobReport.squeueFormat, "-j", jobIDs.joined(separator: ",")])
        if out.status == 0 { return SlurmJobReport.parseSqueue(out.standardOutput) }
        // Every id already purged from the controller: not a failure, simply nothing to say.
        if out.standardError.contains("Invalid job id") { return [] }
        return nil
    }

    /// `scontrol show job -o ID`: state, reason and exit code while the controller still keeps the job.
    public func show(jobID: String) async -> SlurmJobReport? {
        let out = await call("scontrol", ["show", "job", "-o", jobID])
        guard out.status == 0 else { return nil }
        return SlurmJobReport.parseScontrol(out.standardOutput).first { $0.jobID == jobID }
    }

    /// `scancel ID`: SIGTERM to the job's processes, SIGKILL after the cluster's KillWait.
    public func cancel(jobID: String) async throws(Failure) {
        let out = await call("scancel", [jobID])
        guard out.status == 0 else { throw Failure(description: "scancel \(jobID) failed: \(out.trimmedError)") }
    }

    /// The jobcomp/filetxt file (`JobCompLoc`) when the cluster writes one.
    public func jobcompFile() async -> String? {
        let out = await call("scontrol", ["show", "config"])
        guard out.status == 0 else { return nil }
        var type: String?
        var location: String?
        for line in out.standardOutput.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "JobCompType" { type = parts[1] }
            if parts[0] == "JobCompLoc" { location = parts[1] }
        }
        guard type?.contains("filetxt") == true, let location, location.hasPrefix("/") else { return nil }
        return location
    }
}
