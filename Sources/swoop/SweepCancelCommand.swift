import ArgumentParser

/// `swoop sweep cancel ID`: No new runs, and running runs are asked to stop.
struct SweepCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "No new runs, and running runs are asked to stop.")

    @OptionGroup var server: ServerOptions
    @Argument(help: "The sweep.")
    var sweepID: String

    func run() async throws { try await SweepStateChange.run(server, id: sweepID, to: .cancelled) }
}
