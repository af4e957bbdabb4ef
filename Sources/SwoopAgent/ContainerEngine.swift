import Foundation
import SwoopModel

/// The container engine's client (`podman` or `docker`), with any global options it needs.
public struct ContainerEngine: Sendable, Hashable {
    /// Which client it is; the few options that differ (GPUs) depend on it.
    public enum Kind: String, Sendable, Hashable { case podman, docker }

    public var kind: Kind
    /// The program and its global options, e.g. `["podman", "--root", "/srv/containers"]`.
    public var command: [String]

    public init(kind: Kind, command: [String]) { self.kind = kind; self.command = command }

    /// `podman` or `docker` by the program's file name (docker for anything else named docker-like).
    public init(command: [String]) {
        let name = (command.first ?? "").split(separator: "/").last.map(String.init) ?? ""
        self.init(kind: name.contains("podman") ? .podman : .docker, command: command)
    }

    /// Answers whether a docker client reaches its daemon (runs `docker version`); injectable for tests.
    public typealias DaemonProbe = @Sendable (_ dockerCommand: [String]) -> Bool

    /// The engine an agent uses: `SWOOP_CONTAINER_ENGINE` when set (split like a shell line, used as
    /// is), else `podman` on PATH (daemonless, always usable), else a `docker` on PATH whose daemon
    /// answers. A docker that is only a client (no daemon) is not picked: every run would fail on it.
    public static func detect(
        environment: [String: String] = ProcessInfo.processInfo.environment, probe: DaemonProbe = ContainerEngine.dockerAnswers
    ) -> ContainerEngine? {
        if let chosen = environment["SWOOP_CONTAINER_ENGINE"], !chosen.isEmpty {
            let words = (try? ShellWords.split(chosen)) ?? [chosen]
            return words.isEmpty ? nil : ContainerEngine(command: words)
        }
        if let podman = onPath("podman", environment: environment) { return ContainerEngine(kind: .podman, command: [podman]) }
        if let docker = onPath("docker", environment: environment), probe([docker]) { return ContainerEngine(kind: .docker, command: [docker]) }
        return nil
    }

    static func onPath(_ name: String, environment: [String: String]) -> String? {
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return path.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// True when `docker version` reaches a server within 10 s (a client without a daemon fails at once).
    public static let dockerAnswers: DaemonProbe = { docker in
        let p = Process()
        p.executableURL = URL(fileURLWithPath: docker[0])
        p.arguments = Array(docker.dropFirst()) + ["version", "--format", "{{.Server.Version}}"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning, Date() < deadline { usleep(20_000) }
        if p.isRunning { p.terminate(); p.waitUntilExit(); return false }
        return p.terminationStatus == 0
    }
}
