import ArgumentParser
import Foundation
import SwoopClient
import SwoopModel

/// `swoop queue describe NAME`: settings, items (priority, state, holder, lease deadline) and the
/// agents serving the queue.
struct QueueDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Show a queue's settings, its items and the agents serving it.")

    @OptionGroup var server: ServerOptions
    @Argument(help: "Queue name.") var name: String
    @Flag(help: "Also list finished and failed items.") var all = false
    @Flag(help: "Print the queue as JSON.") var json = false

    /// What `--json` prints.
    struct Description: Encodable {
        var queue: Queue
        var items: [QueueItem]
        var agents: [Agent]
    }

    func run() async throws {
        try await CommandFailure.reporting(baseURL: server.resolvedBaseURL) {
            let session = try await ServerSession.open(server)
            let queue = try await session.queue(named: name)
            let states: [QueueItemState]? = all ? nil : [.pending, .leased, .running]
            let items = try await ServerSession.all {
                try await session.client.listQueueItems(queue: queue.id, states: states, page: $0)
            }
            let agents = try await ServerSession.all { try await session.client.listAgents(entity: session.entity.id, page: $0) }
                .filter { $0.queueIDs.contains(queue.id) }
            if json { return try JSONOutput.print(Description(queue: queue, items: items, agents: agents)) }

            var head = TextTable()
            head.add("queue", "\(session.entity.name)/\(queue.name) (\(queue.id))")
            head.add("resource", queue.resource)
            head.add("prioritization", queue.prioritized ? "on (critical, high, medium, low)" : "off (FIFO, everything medium)")
            head.add("expired leases", queue.expiredLeasePolicy.rawValue)
            head.add("config", JSONText.render(queue.configTemplate))
            Stdout.line(head.render())

            Stdout.line("")
            if items.isEmpty {
                Stdout.line(all ? "no items" : "no pending or running items")
            } else {
                let names = Dictionary(agents.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
                var table = TextTable("ITEM", "PRIORITY", "STATE", "JOB", "RUN", "AGENT", "LEASE DEADLINE", "ATTEMPTS", "ENQUEUED")
                for item in items {
                    let holder = item.leaseOwner.map { names[$0] ?? $0.rawValue } ?? "-"
                    let job = item.spec["job"]?.stringValue ?? (item.isScheduler ? "(scheduler)" : item.spec["imageURI"]?.stringValue ?? "-")
                    table.add(
                        item.id.rawValue, item.priority.name, item.state.rawValue, job, item.runID?.rawValue ?? "-", holder,
                        item.state.isHeld ? TextTable.cell(item.leaseDeadline) : "-", String(item.attempts), TextTable.cell(item.enqueuedAt))
                }
                Stdout.line(table.render())
            }

            Stdout.line("")
            if agents.isEmpty {
                Stdout.line("no agents serve this queue")
            } else {
                var table = TextTable("AGENT", "NAME", "STATE", "LAST HEARTBEAT", "HOLDS")
                for agent in agents {
                    let held = items.filter { $0.leaseOwner == agent.id && $0.state.isHeld }.map(\.id.rawValue)
                    table.add(
                        agent.id.rawValue, agent.name, agent.state.rawValue, TextTable.cell(agent.lastHeartbeat),
                        held.isEmpty ? "-" : held.joined(separator: ", "))
                }
                Stdout.line(table.render())
            }
        }
    }
}
