import ArgumentParser
import Foundation
import SwoopAgent
import SwoopClient
import SwoopModel

/// `swoop launch --job J --queue Q`: creates a queued run of a job version and puts it on a queue;
/// `--local` runs it here and now, as an agent would, and waits for it.
struct LaunchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Put a run of a job on a launch queue.",
        discussion: """
            The job reference (entity/project/name:alias, project/name or name with --project) is resolved \
            to one version now, so the run is exactly that version even if `latest` moves. --config is a \
            JSON or YAML launch-spec fragment: overrides (args, runConfig, entryPoint), resourceArgs, name; \
            flags win over it. Exit status 2 for bad arguments or files, 1 when the server refuses. With \
            --local the run starts on this machine at once (no queue, no agent), its output is shown, Ctrl-C \
            stops it, and the exit status is 1 unless it finished. --uri URL --entry-point CMD --project P \
            makes the job first (W&B's `launch -u`): a git job at --git-version (default HEAD, fetched when \
            the run starts) for a repository, a code job for a local folder, named job-<uri>-<script> \
            unless --job-name says otherwise; an unchanged source reuses its version.
            """
    )

    @OptionGroup var server: ServerOptions
    @Option(name: [.customShort("j"), .long], help: "Job reference: entity/project/name[:alias], project/name[:alias] or name[:alias] with --project.")
    var job: String?
    @Option(name: [.customShort("u"), .long], help: "Instead of --job: a git repository URL (or a local folder) to make a job from, with --entry-point and --project.")
    var uri: String?
    @Option(name: [.customShort("E"), .customLong("entry-point")], help: "With --uri: the command that starts the job, split like a shell would.")
    var entryPoint: String?
    @Option(name: [.customShort("J"), .customLong("job-name")], help: "With --uri: the job's name (default: job-<uri>-<script>).")
    var jobName: String?
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
    @Flag(help: "Run it here and now instead of queueing it, and wait for its end.") var local = false
    @Option(help: "With --local: folder for the run's files and the code cache (default: ./.swoop/local).")
    var workDir: String?
    @Option(name: .customLong("git-version"), help: "For a git job: the commit, branch or tag to run instead of the version's commit.")
    var gitVersion: String?

    func validate() throws {
        if job != nil, uri != nil { throw ValidationError("Cannot provide both a uri and a job name.") }
        if job == nil, uri == nil {
            throw ValidationError("give --job J (a published job) or --uri URL --entry-point CMD --project P (a job made from a git repository or a folder)")
        }
        if uri != nil {
            guard let entryPoint else {
                throw ValidationError("Cannot provide a uri without an entry point: add --entry-point \"python train.py\"")
            }
            _ = try JobPublisher.entryPoint(entryPoint)
            if project == nil { throw ValidationError("--uri needs --project P: the project the job is made in") }
        } else {
            if entryPoint != nil { throw ValidationError("--entry-point goes with --uri (to change a job's, use overrides.entryPoint in --config)") }
            if jobName != nil { throw ValidationError("--job-name goes with --uri") }
        }
        if local, queue != nil { throw ValidationError("Cannot use both --local and --queue with swoop launch, see help for details.") }
        if queue == nil {
            if priority != nil { throw ValidationError("--priority flag requires --queue to be set") }
            if !setVars.isEmpty { throw ValidationError("'--set-var' flag requires queue to be set") }
        }
        if queue == nil, !local {
            throw ValidationError("give --queue Q (a launch agent runs it) or --local (run it here and now)")
        }
        if let priority, Priority(name: priority) == nil {
            throw ValidationError("--priority '\(priority)' is not one of critical, high, medium, low")
        }
        _ = try variables()
        if let gitVersion {
            do {
                try GitSource.checkRevision(gitVersion)
            } catch {
                throw ValidationError("--git-version: \(error)")
            }
        }
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
            let made = try await uriPublisher()
            let archive = try await made?.publisher.pack()
            let session = try await ServerSession.open(server)
            let (job, version, reference) = if let made {
                try await publish(made, archive: archive, session: session)
            } else {
                try await session.resolveJob(self.job ?? "", project: project)
            }
            if gitVersion != nil, version.sourceKind != .git {
                throw CommandFailure.usage("--git-version goes with git jobs; \(job.name):\(version.versionAlias) is a \(version.sourceKind.rawValue) job")
            }
            if local {
                return try await runHere(session: session, job: job, version: version, reference: reference, fragment: fragment)
            }
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
            var spec = makeSpec(
                session: session, job: job, version: version, reference: reference, runProject: runProject, fragment: fragment,
                resourceArgs: resourceArgs)
            let run = try await session.client.createRun(
                project: runProject.id, name: spec.name, config: .object(spec.overrides.runConfig))
            spec.runID = run.id
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

    /// `--local`: the run is made, started on this machine by the agent's own runner, and awaited.
    private func runHere(
        session: ServerSession, job: Job, version: JobVersion, reference: JobReference, fragment: LaunchFragment
    ) async throws {
        let runProject = try await session.project(named: project ?? reference.project ?? "", create: true)
        let spec = makeSpec(
            session: session, job: job, version: version, reference: reference, runProject: runProject, fragment: fragment,
            resourceArgs: fragment.resourceArgs.map(JSONValue.object))
        let work = URL(fileURLWithPath: workDir ?? ".swoop/local", isDirectory: true).standardizedFileURL
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let settings = RunSettings(
            workDirectory: work, swoopExecutable: LaunchAgentCommand.executablePath, baseURL: server.resolvedBaseURL)
        let handle = RunHandle(control: RunControl())
        let signals = LaunchAgentCommand.onSignals { _ in Task { await handle.stop(.requested) } }
        defer { signals.forEach { $0.cancel() } }
        let ended = try await LocalLaunch.run(
            spec: spec, client: session.client, settings: settings, handle: handle,
            echo: { line in line.stream == .stdout ? Stdout.line(line.text) : Stderr.line(line.text) })
        let code = ended.exitCode.map { " (exit code \($0))" } ?? ""
        Stderr.line("run \(ended.id) \(ended.state.rawValue)\(code)\(ended.errorMessage.map { ": \($0)" } ?? "")")
        // As W&B's direct runs: anything but a clean finish is a failure of the command.
        if ended.state != .finished { throw ExitCode(1) }
    }

    /// The spec of a run of exactly this job version (the run id is added once the run exists).
    private func makeSpec(
        session: ServerSession, job: Job, version: JobVersion, reference: JobReference, runProject: Project,
        fragment: LaunchFragment, resourceArgs: JSONValue?
    ) -> LaunchSpec {
        LaunchSpec(
            kind: .run, job: "\(reference.entity ?? session.entity.name)/\(reference.project ?? "")/\(job.name):\(version.versionAlias)",
            jobID: job.id, jobVersion: version.version, entity: session.entity.name, project: runProject.name,
            name: name ?? fragment.name, author: session.caller.user?.name,
            overrides: LaunchOverrides(args: fragment.args ?? [], runConfig: fragment.runConfig ?? [:], entryPoint: fragment.entryPoint),
            // With --uri the revision is the version's own commit already.
            resourceArgs: resourceArgs, gitVersion: uri == nil ? gitVersion : nil)
    }

    /// With --uri: the job to publish (a code job for a local folder, a git job otherwise) and its name.
    private func uriPublisher() async throws -> (publisher: JobPublisher, name: String, isFolder: Bool)? {
        guard let uri else { return nil }
        let entry = try ShellWords.split(entryPoint ?? "")
        var folder: ObjCBool = false
        let isFolder = FileManager.default.fileExists(atPath: uri, isDirectory: &folder) && folder.boolValue
        let source: JobPublisher.Source
        if isFolder {
            if gitVersion != nil {
                throw CommandFailure.usage("--git-version goes with a git repository; '\(uri)' is a local folder (its files make a code job)")
            }
            source = .code(folder: uri)
        } else {
            let commit = gitVersion ?? "HEAD"
            do {
                _ = try GitSource(remote: uri, revision: commit)
            } catch {
                throw CommandFailure.usage("--uri: \(error)")
            }
            source = .git(remote: uri, commit: commit, path: nil)
        }
        return (JobPublisher(source: source, entryPoint: entry), jobName ?? JobDefaultName.make(uri: uri, entryPoint: entry, isFolder: isFolder), isFolder)
    }

    /// Publishes the --uri job (an unchanged source reuses its version) and says which version runs.
    private func publish(
        _ made: (publisher: JobPublisher, name: String, isFolder: Bool), archive: Data?, session: ServerSession
    ) async throws -> (job: Job, version: JobVersion, reference: JobReference) {
        let project = try await session.project(named: self.project ?? "", create: true)
        let published = try await made.publisher.publish(session: session, project: project, name: made.name, archive: archive)
        let reference = JobReference(entity: session.entity.name, project: project.name, name: published.job.name,
                                     alias: published.version.versionAlias)
        Stderr.line("\(published.created ? "created" : "reusing") job \(reference) from \(made.isFolder ? "folder" : "git repository") \(uri ?? "")")
        return (published.job, published.version, reference)
    }
}
