import ArgumentParser

/// The `swoop` command line: one subcommand per file, thin over the modules.
@main
struct Swoop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swoop",
        abstract: "Hyperparameter sweeps on launch queues.",
        subcommands: [SweepCommand.self]
    )
}
