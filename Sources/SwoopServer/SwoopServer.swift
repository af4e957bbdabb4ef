import Foundation
import Hummingbird
import Logging
import SwoopModel
import SwoopStore

/// The Swoop HTTP server: the route table on a Hummingbird router, plus lease expiry, over one store.
public struct SwoopServer: Sendable {
    public let env: ServerEnvironment
    /// Routes served beside the API (the web app), registered after the API's own.
    public let extensions: [any ServerExtension]

    public init(env: ServerEnvironment, extensions: [any ServerExtension] = []) {
        self.env = env
        self.extensions = extensions
    }

    /// The Hummingbird application; `onRunning` receives the bound port (useful with port 0).
    /// Its `runService()` stops gracefully on SIGTERM and SIGINT.
    public func makeApplication(
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestMetricsMiddleware(env: env))
        router.add(middleware: ErrorMiddleware(env: env))
        let dispatcher = RouteDispatcher(env: env)
        for route in RouteTable.all {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                await dispatcher.respond(route, request: request, context: context)
            }
        }
        for e in extensions { e.register(on: router) }
        let extensions = self.extensions
        return Application(
            router: router,
            configuration: .init(address: .hostname(env.configuration.host, port: env.configuration.port), serverName: "swoop"),
            services: [LeaseExpiryService(env: env), IdempotencyExpiryService(env: env)],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                for e in extensions { await e.serverRunning(port: port) }
                await onRunning(port)
            },
            logger: env.logger)
    }

    /// The first admin: on a database without users, creates user `admin` (with entity `admin`) and returns a
    /// new key for it. With `force`, also makes a new key when `admin` already exists (`--init-admin`).
    public static func bootstrapAdmin(store: any Store, force: Bool, now: Date = Date()) async throws -> CreatedAPIKey? {
        let existing = try await store.listUsers(page: PageRequest(limit: 1))
        let admin: User
        if existing.items.isEmpty {
            let entity = try await store.createEntity(name: "admin", kind: .user, now: now)
            admin = try await store.createUser(name: "admin", email: nil, role: .admin, entity: entity.id, now: now)
            _ = try await store.setMembership(entity: entity.id, user: admin.id, role: .admin, now: now)
        } else if force {
            do {
                admin = try await store.user(named: "admin")
            } catch StoreError.notFound {
                admin = try await store.createUser(name: "admin", email: nil, role: .admin, entity: nil, now: now)
            }
            if admin.role != .admin { _ = try await store.setUserRole(user: admin.id, role: .admin) }
        } else {
            return nil
        }
        let made = KeyAuthority().make(user: admin.id, name: "initial admin key", scope: .user, now: now)
        let record = try await store.createAPIKey(made.record)
        return CreatedAPIKey(key: made.secret, record: record)
    }

    /// The user that owns run and agent tokens made while authentication is off.
    public static func localUser(store: any Store, now: Date = Date()) async throws -> UserID {
        do {
            return try await store.user(named: "local").id
        } catch StoreError.notFound {
            return try await store.createUser(name: "local", email: nil, role: .admin, entity: nil, now: now).id
        }
    }
}
