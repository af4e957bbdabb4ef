import ArgumentParser
import Dispatch
import Foundation
import Logging
import SwoopAgent
import SwoopModel

/// `swoop launch-agent`: serve launch queues on this machine (W&B's `wandb launch-agent`).
struct LaunchAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch-agent",
        abstract: "Run items of launch queues on this machine.",
        discussion: """
            Waits for items on the queues (long-poll, no busy polling), takes them round-robin, and runs each \
            on its queue's resource (local-process; local-container with docker or podman). SIGTERM or SIGINT \
            drains the agent: no new items, running runs finish (after --drain-seconds they are stopped and \
            their items go back to the queue); a second signal hands them back at once.
            """
    )

    @OptionGroup var server: ServerOptions
    @Option(name: [.customShort("q"), .long], help: "A queue to serve (repeat for several).") var queue: [String] = []
    @Option(name: [.customShort("j"), .long], parsing: .unconditional, help: "Runs at once, schedulers not counted (-1: unlimited).")
    var maxJobs = 1
    @Option(parsing: .unconditional, help: "Sweep schedulers at once (-1: unlimited).") var maxSchedulers = 1
    @Option(help: "The agent's name (default: host-pid).") var name: String?
    @Option(help: "Folder for run folders and the code cache (default: ~/.swoop/agent).") var workDir: String?
    @Option(help: "Lease length in seconds; renewed at a third of it.") var leaseSeconds = 60
    @Option(help: "Seconds between SIGTERM and SIGKILL when a run is stopped.") var stopGraceSeconds = 10
    @Option(help: "After SIGTERM/SIGINT, seconds running runs may go on before they are handed back.") var drainSeconds = 60
    @Option(help: "Seconds one long-poll waits on the server for an item (also the longest an idle agent takes to drain).")
    var pollSeconds = 10
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"

    func validate() throws {
        guard !queue.isEmpty else {
            throw ValidationError("To launch an agent please specify a queue or a list of queues in the configuration file or cli.")
        }
        do {
            _ = try LaunchAgentOptions.limit(maxJobs, name: "max_jobs")
            _ = try LaunchAgentOptions.limit(maxSchedulers, name: "max_schedulers")
        } catch { throw ValidationError(error.description) }
        guard (3...3600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be 3...3600") }
        guard (0...3600).contains(stopGraceSeconds) else { throw ValidationError("--stop-grace-seconds must be 0...3600") }
        guard drainSeconds >= 0 else { throw ValidationError("--drain-seconds must be >= 0") }
        guard (1...60).contains(pollSeconds) else { throw ValidationError("--poll-seconds must be 1...60") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        StandardErrorLogging.bootstrap(level)
        let work = workDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".swoop/agent", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let options = LaunchAgentOptions(
            queues: queue, entity: server.namedEntity, name: name ?? LaunchAgentOptions.defaultName,
            maxJobs: try LaunchAgentOptions.limit(maxJobs, name: "max_jobs"),
            maxSchedulers: try LaunchAgentOptions.limit(maxSchedulers, name: "max_schedulers"),
            pollWaitSeconds: pollSeconds, drainGrace: .seconds(drainSeconds))
        let settings = RunSettings(
            workDirectory: work, swoopExecutable: Self.executablePath, baseURL: server.resolvedBaseURL, leaseSeconds: leaseSeconds,
            stopGrace: .seconds(stopGraceSeconds))
        let agent = LaunchAgent(
            client: server.makeClient(), options: options, settings: settings,
            logger: Logger(label: "swoop.agent"))
        let signals = Self.onSignals { count in
            Task { if count == 1 { await agent.drain() } else { await agent.handBack() } }
        }
        defer { signals.forEach { $0.cancel() } }
        do {
            try await agent.run { id in
                Stdout.line("swoop launch-agent: agent \(id) serving \(options.queues.joined(separator: ", "))")
            }
        } catch let failure as LaunchAgent.SetupFailure {
            Stderr.line("error: \(failure)")
            throw ExitCode(1)
        }
    }

    /// This executable, so the agent can start `swoop scheduler` with the same build.
    static var executablePath: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return FileManager.default.isExecutableFile(atPath: exe) ? exe : CommandLine.arguments[0]
    }

    /// Calls `handler` with 1, 2, ... for each SIGTERM or SIGINT (their default actions are turned off).
    static func onSignals(_ handler: @escaping @Sendable (Int) -> Void) -> [any DispatchSourceSignal] {
        let counter = SignalCounter()
        return [SIGTERM, SIGINT].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { Task { handler(await counter.next()) } }
            source.resume()
            return source
        }
    }
}
