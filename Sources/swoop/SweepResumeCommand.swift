import ArgumentParser

/// `swoop sweep resume ID`: Let a paused sweep launch runs again.
struct SweepResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Let a paused sweep launch runs again.")

    @OptionGroup var server: ServerOptions
    @Argument(help: "The sweep.")
    var sweepID: String

    func run() async throws { try await SweepStateChange.run(server, id: sweepID, to: .running) }
}
