import ArgumentParser

/// `swoop-bench`: load generators for measuring a running Swoop server (and the systems it is compared with).
@main
struct SwoopBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swoop-bench",
        abstract: "Load benchmarks for the Swoop server.",
        subcommands: [ServerLoadCommand.self, WebReportCommand.self]
    )
}
