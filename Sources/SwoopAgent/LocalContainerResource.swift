import Foundation
import SwoopModel

/// Runs in a container on this machine through `podman` or `docker` (`ContainerEngine.detect`).
///
/// The engine's client runs in the foreground (`run --rm`), so its output is the run's output and its
/// exit code the run's. A stop runs `<engine> stop -t <grace>` (SIGTERM inside, SIGKILL after the
/// grace); the client is killed only if it outlives that. The run's environment inside the container is
/// Swoop's variables (`SWOOP_*`) and the configuration's `env`, not the agent's whole environment.
public struct LocalContainerResource: Resource {
    public var kind: String { "local-container" }
    public var runsImages: Bool { true }
    public let engine: ContainerEngine
    /// Networks a queue may ask for (`SWOOP_CONTAINER_NETWORKS` on the agent adds to host and none).
    public let allowedNetworks: Set<String>

    public init(engine: ContainerEngine, allowedNetworks: Set<String> = ContainerCommandLine.defaultNetworks) {
        self.engine = engine; self.allowedNetworks = allowedNetworks
    }

    /// The resource an agent offers, or nil when this machine has no usable engine.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> LocalContainerResource? {
        guard let engine = ContainerEngine.detect(environment: environment) else { return nil }
        let extra = (environment["SWOOP_CONTAINER_NETWORKS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return LocalContainerResource(engine: engine, allowedNetworks: ContainerCommandLine.defaultNetworks.union(extra.filter { !$0.isEmpty }))
    }

    public func visiblePath(ofRunFolder folder: URL) -> String { ContainerCommandLine.runFolder }

    public func run(_ run: PreparedRun, control: RunControl, output: @escaping @Sendable (OutputLine) async -> Void) async -> RunOutcome {
        let invocation: ContainerCommandLine.Invocation
        do {
            invocation = try ContainerCommandLine.build(
                engine: engine, run: run, variables: run.environment.filter { $0.key.hasPrefix("SWOOP_") }, allowedNetworks: allowedNetworks)
        } catch {
            return .couldNotStart("\(error)")
        }
        // The agent's own SWOOP_* (its key) must not be what a `-e NAME` picks up.
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWOOP_") }
            .merging(invocation.environment) { $1 }
        // A run handed back or requeued after its agent died may have left a container of the same name.
        _ = await CommandRunner.run(engine.command + ["rm", "-f", invocation.name], environment: environment)
        let errors = EngineErrors()
        let engine = self.engine
        let grace = max(1, Int(control.grace.components.seconds))
        let outcome = await LocalProcessResource.spawn(
            command: invocation.arguments, environment: environment, workingDirectory: run.workingDirectory, control: control,
            stopAction: {
                _ = await CommandRunner.run(engine.command + ["stop", "-t", String(grace), invocation.name], environment: environment)
            },
            output: { line in
                if line.stream == .stderr { await errors.saw(line.text) }
                await output(line)
            })
        return Self.interpret(outcome, engineError: await errors.last, image: invocation.image)
    }

    /// The engine's own failures (exit 125, or 126/127 with an `Error:` line) are start failures with its
    /// message; 129–192 is a container ended by signal N-128 (the engine reports it so).
    static func interpret(_ outcome: RunOutcome, engineError: String?, image: String) -> RunOutcome {
        guard case .exited(let code) = outcome else { return outcome }
        switch code {
        case 125:
            return .couldNotStart("the container engine could not run image '\(image)' (exit 125): \(engineError ?? "no message; see the run's log")")
        case 126...127:
            guard let engineError else { return outcome }
            return .couldNotStart("the container could not start its command in image '\(image)' (exit \(code)): \(engineError)")
        case 129...192:
            return .signaled(code - 128)
        default:
            return outcome
        }
    }
}
