import ArgumentParser

/// `swoop queue ...`: launch queues of an entity.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Create, list and describe launch queues.",
        subcommands: [QueueCreateCommand.self, QueueListCommand.self, QueueDescribeCommand.self]
    )
}
