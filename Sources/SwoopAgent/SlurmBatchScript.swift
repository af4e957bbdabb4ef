import Foundation
import SwoopModel

/// The batch script one run is submitted as (pure, so it is tested without Slurm).
///
/// `#SBATCH` lines carry the options; the body goes to the run folder, runs the command and writes the
/// command's exit code to `swoop-exit-code` (written to a temporary name and renamed, so a reader never
/// sees half a number). That file is the authoritative result; Slurm's own state covers what the script
/// could not report (time limit, cancel, node failure, preemption).
public enum SlurmBatchScript {
    /// The exit-code file, in the run folder.
    public static let exitCodeFile = "swoop-exit-code"
    /// The script's file name, in the run folder.
    public static let scriptFile = "swoop-slurm.sh"
    /// Default standard output and error files (in the run folder).
    public static let defaultOutput = "slurm-%j.out"
    public static let defaultError = "slurm-%j.err"

    /// The script's text for `command`, run in `folder` (the run folder, shared with the compute nodes).
    public static func render(options: SlurmJobOptions, command: [String], folder: String, runID: RunID) -> String {
        var lines = ["#!/bin/bash"]
        func option(_ name: String, _ value: String?) { if let value { lines.append("#SBATCH --\(name)=\(value)") } }
        option("job-name", options.jobName ?? "swoop-\(runID.rawValue)")
        option("chdir", folder)
        option("output", outputPath(options.output ?? defaultOutput, folder: folder))
        option("error", outputPath(options.error ?? defaultError, folder: folder))
        // The run's token and SWOOP_* variables are in sbatch's own environment, not written into this file.
        option("export", "ALL")
        option("partition", options.partition)
        option("time", options.time)
        option("cpus-per-task", options.cpusPerTask.map(String.init))
        option("mem", options.mem)
        option("gres", options.gres)
        option("gpus", options.gpus)
        option("account", options.account)
        option("qos", options.qos)
        for extra in options.extraArgs { lines.append("#SBATCH \(extra)") }
        let exitFile = ShellWords.join([folder + "/" + exitCodeFile])
        lines += [
            "",
            "cd \(ShellWords.join([folder])) || exit 1",
            "rm -f \(exitFile)",
            // Slurm ends a job (scancel, time limit, preemption) with SIGTERM to all its processes: then the
            // script leaves no exit code, and Slurm's state says how the job ended.
            "trap 'exit 143' TERM",
            ShellWords.join(command),
            "code=$?",
            // Slurm's SIGTERM may reach the command before the script's trap runs: a death by signal (above
            // 128) leaves no exit code either, so Slurm's state (CANCELLED, TIMEOUT, ...) decides.
            "[ \"$code\" -gt 128 ] || { echo \"$code\" > \(exitFile).tmp && mv -f \(exitFile).tmp \(exitFile); }",
            "exit \"$code\"",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// A relative output path lives in the run folder.
    static func outputPath(_ path: String, folder: String) -> String {
        path.hasPrefix("/") ? path : folder + "/" + path
    }

    /// The file a submitted job writes, with `%j`, `%x` and `%%` filled in.
    public static func resolvedPath(_ pattern: String, folder: String, jobID: String, jobName: String) -> String {
        var out = ""
        var chars = outputPath(pattern, folder: folder).makeIterator()
        while let c = chars.next() {
            guard c == "%" else { out.append(c); continue }
            switch chars.next() {
            case "j": out += jobID
            case "x": out += jobName
            case "%": out += "%"
            case let other?: out += "%" + String(other)
            case nil: out += "%"
            }
        }
        return out
    }
}
