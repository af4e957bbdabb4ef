import ArgumentParser
import Foundation
import SwoopConfig
import SwoopModel

/// `swoop queue create NAME --resource R`: a queue with its resource config template.
struct QueueCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a launch queue (entity admins).",
        discussion: """
            --config names a JSON or YAML mapping: the resource's default configuration, where values \
            may be {{variable}} slots that `swoop launch --set-var` fills. Without --prioritization the \
            queue is FIFO and every item counts as medium, as in W&B.
            """
    )

    /// The resources agents can serve (reference §4.2's local ones, Slurm and Kubernetes).
    enum Resource: String, CaseIterable, ExpressibleByArgument {
        case localProcess = "local-process"
        case localContainer = "local-container"
        case slurm
        case kubernetes
    }

    @OptionGroup var server: ServerOptions
    @Argument(help: "Queue name.") var name: String
    @Option(help: "Resource the queue's items run on: \(Resource.allCases.map(\.rawValue).joined(separator: ", ")).")
    var resource: Resource
    @Option(help: "Resource config template: a JSON or YAML file holding a mapping.") var config: String?
    @Flag(help: "Serve items by priority (critical, high, medium, low), FIFO within a level.") var prioritization = false
    @Option(name: .customLong("expired-lease"), help: "When an agent stops renewing a lease: requeue the item or crash its run.")
    var expiredLease: ExpiredLeasePolicy?
    @Flag(help: "Print the queue as JSON.") var json = false

    func validate() throws {
        guard (1...64).contains(name.count) else { throw ValidationError("a queue name is 1 to 64 characters") }
    }

    func run() async throws {
        try await CommandFailure.reporting(baseURL: server.resolvedBaseURL) {
            var template: JSONValue = .object([:])
            if let config {
                let document = try ConfigDocument.load(path: config, what: "queue config")
                guard case .object = document.value else {
                    throw document.error(at: "", "the resource config must be a mapping, found \(document.value.typeName)")
                }
                template = document.value
            }
            let session = try await ServerSession.open(server)
            let queue = try await session.client.createQueue(
                entity: session.entity.id, name: name, resource: resource.rawValue, configTemplate: template,
                prioritized: prioritization, expiredLeasePolicy: expiredLease)
            if json { return try JSONOutput.print(queue) }
            Stdout.line("created queue \(session.entity.name)/\(queue.name) (\(queue.resource), "
                + (queue.prioritized ? "prioritized" : "FIFO") + ", expired leases: \(queue.expiredLeasePolicy.rawValue))")
        }
    }
}

extension ExpiredLeasePolicy: ExpressibleByArgument {}
