import Hummingbird
import ServiceLifecycle

/// The server run inside another command (`swoop sweep CONFIG`): no signal handling of its own, since
/// the command owns Ctrl-C; `shutdown()` ends it gracefully, as SIGTERM ends `swoop server`.
public struct InProcessServer: Sendable {
    let group: ServiceGroup

    /// `onRunning` receives the bound port.
    public init(server: SwoopServer, onRunning: @escaping @Sendable (Int) async -> Void) {
        let app = server.makeApplication(onRunning: onRunning)
        group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: server.env.logger))
    }

    /// Serves until `shutdown()`.
    public func run() async throws { try await group.run() }

    public func shutdown() async { await group.triggerGracefulShutdown() }
}
