import ArgumentParser
import SwoopClient
import SwoopConfig
import SwoopModel
import SwoopScheduler

/// `swoop sweep status ID`: state, progress toward run_cap or the grid's size, runs by state, and
/// the best value so far.
struct SweepStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a sweep's state, progress, runs by state and best value so far.")

    @OptionGroup var server: ServerOptions
    @Argument(help: "The sweep.")
    var sweepID: String

    func run() async throws {
        let client = server.makeClient()
        try await SweepArgument.with(sweepID) { id in
            let sweep = try await client.sweep(id: id)
            var runs: [Run] = []
            var cursor: Int64 = 0
            while true {
                let page = try await client.sweepRuns(sweep: id, since: cursor, limit: 1000)
                runs += page.runs
                if page.runs.count < 1000 { break }
                cursor = page.nextCursor
            }
            let config = SweepConfigLoader.parse(document: sweep.config, file: nil).config
            let total = SweepProgress.total(config)
            let status = SchedulerStatus(sweep: sweep, runs: runs, metric: config?.metric?.name,
                                         maximize: config?.metric?.goal == .maximize, total: total)
            Stdout.line("sweep \(sweepID)")
            for line in status.lines { Stdout.line(line) }
        }
    }
}
