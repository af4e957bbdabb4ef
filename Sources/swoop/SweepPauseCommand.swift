import ArgumentParser

/// `swoop sweep pause ID`: Hold new runs; running runs continue and the scheduler waits.
struct SweepPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Hold new runs; running runs continue and the scheduler waits.")

    @OptionGroup var server: ServerOptions
    @Argument(help: "The sweep.")
    var sweepID: String

    func run() async throws { try await SweepStateChange.run(server, id: sweepID, to: .paused) }
}
