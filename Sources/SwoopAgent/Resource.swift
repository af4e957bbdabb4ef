import Foundation
import SwoopModel

/// Where a run's process runs: this machine (`local-process`), a container, a Kubernetes Job.
///
/// `run` starts the prepared command, hands every line of output to `output` as it arrives, and
/// returns once the process has ended. When `control` is told to stop, the resource stops the process
/// (SIGTERM to its process group, SIGKILL after `control.grace`).
public protocol Resource: Sendable {
    /// The queue resource name this serves (`local-process`, `local-container`).
    var kind: String { get }
    func run(_ run: PreparedRun, control: RunControl, output: @escaping @Sendable (OutputLine) async -> Void) async -> RunOutcome
    /// How the run sees its run folder (a container mounts it elsewhere): the base of `SWOOP_CONFIG_FILE`.
    func visiblePath(ofRunFolder folder: URL) -> String
    /// True when it runs image jobs (the job's image is where the code is).
    var runsImages: Bool { get }
    /// Like `run`, and calls `started` once the process really runs: a batch system (Slurm) may keep a
    /// submitted job waiting, and its run stays `starting` until then.
    func run(
        _ run: PreparedRun, control: RunControl, started: @escaping @Sendable () async -> Void,
        output: @escaping @Sendable (OutputLine) async -> Void
    ) async -> RunOutcome
}

extension Resource {
    public func visiblePath(ofRunFolder folder: URL) -> String { folder.path }
    public var runsImages: Bool { false }

    public func run(
        _ run: PreparedRun, control: RunControl, started: @escaping @Sendable () async -> Void,
        output: @escaping @Sendable (OutputLine) async -> Void
    ) async -> RunOutcome {
        await started()
        return await self.run(run, control: control, output: output)
    }
}

/// Everything a resource needs to start one run; the agent has rendered macros and the environment.
public struct PreparedRun: Sendable, Hashable {
    public var runID: RunID
    /// The command, macros already expanded; the first token is the program.
    public var command: [String]
    /// The complete environment of the process (for containers: the variables passed in).
    public var environment: [String: String]
    /// The run folder: the job's code and the config file; the process's working directory.
    public var workingDirectory: URL
    /// The queue's resource configuration with the item's `resourceArgs` and dynamic macros applied.
    public var resourceConfig: JSONValue
    /// The container image (from the spec or the job version), for container resources.
    public var image: String?

    public init(
        runID: RunID, command: [String], environment: [String: String], workingDirectory: URL, resourceConfig: JSONValue = [:],
        image: String? = nil
    ) {
        self.runID = runID; self.command = command; self.environment = environment; self.workingDirectory = workingDirectory
        self.resourceConfig = resourceConfig; self.image = image
    }
}

/// How a run's process ended.
public enum RunOutcome: Sendable, Hashable {
    case exited(Int32)
    /// Ended by a signal (a stop, or something outside Swoop).
    case signaled(Int32)
    /// The process never started; the message says why (names the command).
    case couldNotStart(String)
    /// The resource knows the final state itself (a batch system's time limit, cancel, node failure or
    /// preemption); the message says why.
    case ended(RunState, exitCode: Int?, message: String)
}

/// One line a run printed.
public struct OutputLine: Sendable, Hashable {
    public enum Stream: String, Sendable { case stdout, stderr }
    public var stream: Stream
    public var text: String
    public init(_ stream: Stream, _ text: String) { self.stream = stream; self.text = text }
}
