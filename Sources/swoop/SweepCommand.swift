import ArgumentParser

/// `swoop sweep`: commands about sweeps; subcommands are added here as they are written.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Work with sweep configurations and sweeps.",
        subcommands: [
            SweepValidateCommand.self, SweepStatusCommand.self, SweepPauseCommand.self, SweepResumeCommand.self,
            SweepStopCommand.self, SweepCancelCommand.self,
        ]
    )
}
