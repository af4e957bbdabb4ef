import Foundation
import Logging
import SwoopModel

/// Runs each item as a Slurm batch job (`resource: slurm`): writes a batch script into the run folder,
/// submits it with `sbatch --parsable`, follows it with the shared `SlurmJobTracker` (one `squeue` per
/// poll for all jobs), tails its output files into the run's log, and cancels it with `scancel` when the
/// run is stopped. The script's exit-code file ends the run as soon as the tailer sees it; Slurm's states
/// cover the endings the script cannot report. The run folder must be on a file system the compute nodes share with the agent.
public struct SlurmResource: Resource {
    public var kind: String { "slurm" }
    public let commands: SlurmCommands
    public let tracker: SlurmJobTracker
    /// How often the output files are read.
    let tailInterval: Duration

    public init(commands: SlurmCommands = SlurmCommands(), pollInterval: Duration = .seconds(1), tailInterval: Duration = .milliseconds(500)) {
        self.commands = commands
        self.tracker = SlurmJobTracker(commands: commands, interval: pollInterval)
        self.tailInterval = tailInterval
    }

    /// `resource: slurm` when `sbatch` is on PATH; `SWOOP_SLURM_POLL_SECONDS` sets the poll interval (default 1).
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> SlurmResource? {
        let commands = SlurmCommands(environment: environment)
        guard commands.isAvailable else { return nil }
        let seconds = environment["SWOOP_SLURM_POLL_SECONDS"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 1
        return SlurmResource(commands: commands, pollInterval: .milliseconds(Int(seconds * 1000)))
    }

    public func run(_ run: PreparedRun, control: RunControl, output: @escaping @Sendable (OutputLine) async -> Void) async -> RunOutcome {
        await self.run(run, control: control, started: {}, output: output)
    }

    public func run(
        _ run: PreparedRun, control: RunControl, started: @escaping @Sendable () async -> Void,
        output: @escaping @Sendable (OutputLine) async -> Void
    ) async -> RunOutcome {
        let options: SlurmJobOptions
        do { options = try SlurmJobOptions(config: run.resourceConfig) } catch { return .couldNotStart(error.description) }
        guard !run.command.isEmpty else { return .couldNotStart("the run's command is empty") }
        let folder = run.workingDirectory.path
        let scriptPath = folder + "/" + SlurmBatchScript.scriptFile
        let script = SlurmBatchScript.render(options: options, command: run.command, folder: folder, runID: run.runID)
        do {
            try Data(script.utf8).write(to: URL(fileURLWithPath: scriptPath))
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: scriptPath)
        } catch {
            return .couldNotStart("could not write the batch script \(scriptPath): \(error)")
        }
        let jobID: String
        do { jobID = try await commands.submit(script: scriptPath, runEnvironment: run.environment) } catch {
            return .couldNotStart(error.description)
        }
        await output(OutputLine(.stderr, "swoop agent: submitted as Slurm job \(jobID)"))
        let jobName = options.jobName ?? "swoop-\(run.runID.rawValue)"
        let files = [
            (OutputLine.Stream.stdout, options.output ?? SlurmBatchScript.defaultOutput), (.stderr, options.error ?? SlurmBatchScript.defaultError),
        ].map { ($0.0, OutputFileTailer(path: SlurmBatchScript.resolvedPath($0.1, folder: folder, jobID: jobID, jobName: jobName))) }
        let events = await tracker.follow(jobID: jobID)
        let commands = self.commands
        let tracker = self.tracker
        let tailInterval = self.tailInterval
        let exitPath = folder + "/" + SlurmBatchScript.exitCodeFile

        let tailing = Task {
            var tailers = files
            // The same file for both streams (output = error) is read once.
            if tailers.count == 2, tailers[0].1.path == tailers[1].1.path { tailers.removeLast() }
            while !Task.isCancelled {
                for i in tailers.indices { for line in tailers[i].1.read() { await output(OutputLine(tailers[i].0, line)) } }
                // The script writes its exit code as its last act: the run is over, sooner than Slurm can say so.
                if FileManager.default.fileExists(atPath: exitPath) {
                    await tracker.forget(jobID: jobID)
                    break
                }
                try? await Task.sleep(for: tailInterval)
            }
            return tailers
        }
        let stopping = Task {
            guard await control.waitForStop() else { return }
            do { try await commands.cancel(jobID: jobID) } catch { await output(OutputLine(.stderr, "swoop agent: \(error)")) }
        }
        var isStarted = false
        var final: SlurmJobReport?
        for await event in events {
            switch event {
            case .state(let report):
                if !isStarted, report.state?.hasStarted == true {
                    isStarted = true
                    await started()
                }
            case .ended(let report):
                final = report
            }
        }
        stopping.cancel()
        tailing.cancel()
        var tailers = await tailing.value
        for i in tailers.indices { for line in tailers[i].1.read(final: true) { await output(OutputLine(tailers[i].0, line)) } }
        let exitFile = (try? String(contentsOfFile: exitPath, encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        // A job that ran (even between two polls) passes through `running`, which the run's states require.
        if !isStarted, exitFile != nil || (final?.state.map { $0.hasStarted && $0 != .cancelled } ?? false) { await started() }
        return SlurmJobState.outcome(state: final?.state, jobID: jobID, reason: final?.reason, exitCode: final?.exitCode, exitFile: exitFile)
    }
}
