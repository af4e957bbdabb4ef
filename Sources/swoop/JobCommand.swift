import ArgumentParser

/// `swoop job ...`: versioned jobs (code folder, image or git commit plus an entry point).
struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Create, list and describe launch jobs.",
        subcommands: [JobCreateCommand.self, JobListCommand.self, JobDescribeCommand.self]
    )
}
