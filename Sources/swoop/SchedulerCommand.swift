import ArgumentParser
import Foundation
import SwoopModel
import SwoopScheduler

/// `swoop scheduler SWEEP_ID`: the built-in sweep scheduler, started by an agent for a sweep's
/// scheduler item (with a scheduler token in SWOOP_API_KEY) or by hand.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Run the built-in scheduler of a sweep until the sweep ends.",
        discussion: """
            Reads the sweep and its saved state, then launches runs on the sweep's queue while fewer \
            than scheduler.num_workers (default \(SweepPlan.defaultNumWorkers)) are active, feeds their \
            results to the search method, stops runs that early termination rejects, and saves its \
            state after every decision: killed at any moment and started again, it continues without \
            repeating or losing a trial. Exits 0 when the sweep finished or was stopped, cancelled or \
            paused-and-ended by someone else, 1 when the sweep failed (the reason is printed).
            """
    )

    @OptionGroup var server: ServerOptions
    @Argument(help: "The sweep to schedule.")
    var sweepID: String
    @Option(help: ArgumentHelp("Longest wait for a change before looking again, in seconds.", visibility: .hidden))
    var waitSeconds: Int = 20

    func run() async throws {
        let id = SweepID(sweepID)
        guard id.isWellFormed else {
            Stderr.line("error: '\(sweepID)' is not a well-formed sweep id")
            throw ExitCode(2)
        }
        let loop = SchedulerLoop<StudyScheduler>(
            client: server.makeClient(), sweepID: id, waitSeconds: max(1, min(waitSeconds, 60)),
            log: { Stdout.line($0) },
            factory: { config, saved, seed in try StudyScheduler(config: config, seed: seed, saved: saved) })
        let result: SchedulerLoop<StudyScheduler>.Result
        do { result = try await loop.run() } catch {
            Stderr.line("error: scheduler for sweep \(sweepID): \(error)")
            throw ExitCode(1)
        }
        if result.state == .failed {
            Stderr.line("error: sweep \(sweepID) failed: \(result.reason)")
            throw ExitCode(1)
        }
    }
}
