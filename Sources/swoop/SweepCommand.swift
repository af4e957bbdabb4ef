import ArgumentParser

/// `swoop sweep`: commands about sweeps. `swoop sweep CONFIG` (no subcommand) is `swoop sweep run CONFIG`,
/// the one-command local sweep.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a sweep here (`swoop sweep CONFIG`), or work with configurations and sweeps.",
        subcommands: [
            SweepRunCommand.self, SweepValidateCommand.self, SweepStatusCommand.self, SweepPauseCommand.self, SweepResumeCommand.self,
            SweepStopCommand.self, SweepCancelCommand.self,
        ],
        defaultSubcommand: SweepRunCommand.self
    )
}
