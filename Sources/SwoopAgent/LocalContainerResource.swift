import Foundation
import SwoopModel

/// Runs in a container on this machine through `docker` or `podman` (found at start).
///
/// The engine's client process is supervised like a local process: stopping it stops the container
/// (`run --rm` in the foreground forwards SIGTERM). The run's environment inside the container is
/// Swoop's variables only (`SWOOP_*`), not the agent's whole environment.
public struct LocalContainerResource: Resource {
    public var kind: String { "local-container" }
    /// The engine's program (a path or a name on PATH).
    public let engine: String

    public init(engine: String) { self.engine = engine }

    /// The engine to use: `SWOOP_CONTAINER_ENGINE` when set, else `podman`, else `docker` on PATH; nil when none.
    public static func detectEngine(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment["SWOOP_CONTAINER_ENGINE"], !chosen.isEmpty { return chosen }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in ["podman", "docker"] {
            for dir in path where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    public func visiblePath(ofRunFolder folder: URL) -> String { ContainerCommandLine.runFolder }

    public func run(_ run: PreparedRun, control: RunControl, output: @escaping @Sendable (OutputLine) async -> Void) async -> RunOutcome {
        let variables = run.environment.filter { $0.key.hasPrefix("SWOOP_") }
        let line: [String]
        do { line = try ContainerCommandLine.build(engine: engine, run: run, variables: variables) } catch {
            return .couldNotStart("\(error)")
        }
        return await LocalProcessResource.spawn(
            command: line, environment: ProcessInfo.processInfo.environment, workingDirectory: run.workingDirectory,
            control: control, output: output)
    }
}
