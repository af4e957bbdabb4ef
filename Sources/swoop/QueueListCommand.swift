import ArgumentParser
import Foundation
import SwoopClient
import SwoopModel

/// `swoop queue list`: the entity's queues with how much work each holds.
struct QueueListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the entity's launch queues.")

    @OptionGroup var server: ServerOptions
    @Flag(help: "Print the queues as JSON.") var json = false

    /// One element of the `--json` answer.
    struct Entry: Encodable {
        var queue: Queue
        var pending: Int
        var held: Int
        var agents: Int
    }

    func run() async throws {
        try await CommandFailure.reporting(baseURL: server.resolvedBaseURL) {
            let session = try await ServerSession.open(server)
            let queues = try await ServerSession.all { try await session.client.listQueues(entity: session.entity.id, page: $0) }
            let agents = try await ServerSession.all { try await session.client.listAgents(entity: session.entity.id, page: $0) }
            var entries: [Entry] = []
            for queue in queues {
                let live = try await ServerSession.all {
                    try await session.client.listQueueItems(queue: queue.id, states: [.pending, .leased, .running], page: $0)
                }
                entries.append(Entry(
                    queue: queue, pending: live.count { $0.state == .pending }, held: live.count { $0.state.isHeld },
                    agents: agents.count { $0.queueIDs.contains(queue.id) && $0.state != .stopped }))
            }
            if json { return try JSONOutput.print(entries) }
            if entries.isEmpty { return Stdout.line("no queues in entity '\(session.entity.name)'") }
            var table = TextTable("NAME", "RESOURCE", "PRIORITIZED", "PENDING", "HELD", "AGENTS", "CREATED")
            for e in entries {
                table.add(
                    e.queue.name, e.queue.resource, e.queue.prioritized ? "yes" : "no", String(e.pending), String(e.held),
                    String(e.agents), TextTable.cell(e.queue.createdAt))
            }
            Stdout.line(table.render())
        }
    }
}
