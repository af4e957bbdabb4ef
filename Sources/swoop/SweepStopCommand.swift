import ArgumentParser

/// `swoop sweep stop ID`: No new runs; running runs finish.
struct SweepStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "No new runs; running runs finish.")

    @OptionGroup var server: ServerOptions
    @Argument(help: "The sweep.")
    var sweepID: String

    func run() async throws { try await SweepStateChange.run(server, id: sweepID, to: .stopped) }
}
