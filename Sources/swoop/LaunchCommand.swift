import ArgumentParser
import Foundation
import SwoopClient
import SwoopModel

/// `swoop launch --job J --queue Q`: creates a queued run of a job version and puts it on a queue.
struct LaunchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Put a run of a job on a launch queue.",
        discussion: """
            The job reference (entity/project/name:alias, project/name or name with --project) is resolved \
            to one version now, so the run is exactly that version even if `latest` moves. --config is a \
            JSON or YAML launch-spec fragment: overrides (args, runConfig, entryPoint), resourceArgs, name; \
            flags win over it. Exit status 2 for bad arguments or files, 1 when the server refuses.
            """
    )

    @OptionGroup var server: ServerOptions
    @Option(help: "Job reference: entity/project/name[:alias], project/name[:alias] or name[:alias] with --project.")
    var job: String
    @Option(help: "Queue to put the run on.") var queue: String?
    @Option(help: "critical, high, medium (default) or low; queues without prioritization treat everything as medium.")
    var priority: String?
    @Option(help: "Launch-spec fragment: a JSON or YAML file with overrides, resourceArgs, name.") var config: String?
    @Option(help: "Project of the run (created if missing; default: the job's project); also the job's project when the reference names none.")
    var project: String?
    @Option(help: "Run name.") var name: String?
    @Option(name: .customLong("set-var"), help: "Fill the queue config's {{KEY}} slot: KEY=VALUE (repeatable).")
    var setVars: [String] = []
    @Flag(help: "Print the run and the queue item as JSON.") var json = false
    // Reserved: running the job here and now, without a queue, is the launch agent's runner.
    @Flag(help: .hidden) var local = false

    func validate() throws {
        if local, queue != nil { throw ValidationError("Cannot use both --local and --queue with swoop launch, see help for details.") }
        if queue == nil {
            if priority != nil { throw ValidationError("--priority flag requires --queue to be set") }
            if !setVars.isEmpty { throw ValidationError("'--set-var' flag requires queue to be set") }
        }
        if local { throw ValidationError("--local is not available in this build yet; use --queue Q with a launch agent") }
        if queue == nil { throw ValidationError("give --queue Q: the run is put on that queue for a launch agent to run") }
        if let priority, Priority(name: priority) == nil {
            throw ValidationError("--priority '\(priority)' is not one of critical, high, medium, low")
        }
        _ = try variables()
    }

    /// `--set-var` as a dictionary; a malformed pair is a usage error.
    func variables() throws -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for pair in setVars {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw ValidationError("--set-var '\(pair)' must be KEY=VALUE")
            }
            values[String(pair[..<eq])] = TemplateVariables.coerce(String(pair[pair.index(after: eq)...]))
        }
        return values
    }

    /// What `--json` prints.
    struct Result: Encodable {
        var run: Run
        var item: QueueItem
    }

    func run() async throws {
        try await CommandFailure.reporting(baseURL: server.resolvedBaseURL) {
            let fragment = try config.map { try LaunchFragment.load(path: $0) } ?? LaunchFragment()
            let values = try variables()
            let session = try await ServerSession.open(server)
            let (job, version, reference) = try await session.resolveJob(self.job, project: project)
            let queue = try await session.queue(named: self.queue ?? "")

            var effective = priority.flatMap(Priority.init(name:)) ?? .medium
            if !queue.prioritized, priority != nil {
                Stderr.line("note: queue '\(queue.name)' has no prioritization; the run is queued as medium")
                effective = .medium
            }
            let slots = TemplateVariables.slots(in: queue.configTemplate)
            if let unknown = values.keys.sorted().first(where: { !slots.contains($0) }) {
                throw CommandFailure.usage("Queue \(queue.name) does not support overriding \(unknown).")
            }
            let resourceArgs = TemplateVariables.merge(
                fragment.resourceArgs.map(JSONValue.object), TemplateVariables.filled(queue.configTemplate, with: values))

            let runProject = try await session.project(named: project ?? reference.project ?? "", create: true)
            let runName = name ?? fragment.name
            let overrides = LaunchOverrides(args: fragment.args ?? [], runConfig: fragment.runConfig ?? [:], entryPoint: fragment.entryPoint)
            let run = try await session.client.createRun(
                project: runProject.id, name: runName, config: .object(overrides.runConfig))
            let spec = LaunchSpec(
                kind: .run, job: "\(reference.entity ?? session.entity.name)/\(reference.project ?? "")/\(job.name):\(version.versionAlias)",
                jobID: job.id, jobVersion: version.version, entity: session.entity.name, project: runProject.name, runID: run.id,
                name: runName, author: session.caller.user?.name, overrides: overrides, resourceArgs: resourceArgs)
            let item: QueueItem
            do {
                item = try await session.client.enqueue(queue: queue.id, spec: try spec.json, priority: effective, run: run.id)
            } catch {
                // The run would wait forever for an item that does not exist: end it, and say why.
                _ = try? await session.client.transitionRun(id: run.id, to: .failed, errorMessage: "could not be put on queue '\(queue.name)': \(error)")
                throw error
            }
            if json { return try JSONOutput.print(Result(run: run, item: item)) }
            Stdout.line("queued run \(run.id) of \(spec.job ?? "") on queue '\(queue.name)' as item \(item.id) (priority \(item.priority.name))")
        }
    }
}
