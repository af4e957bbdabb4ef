import ArgumentParser
import Foundation
import Logging
import SwoopModel
import SwoopServer
import SwoopStore
import SwoopWeb

/// `swoop server`: the HTTP API over SQLite (default, in the data folder) or PostgreSQL.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the Swoop API server.",
        discussion: """
            On first start with authentication on, an admin user 'admin' is created and its API key printed \
            once; keep it. `--init-admin` prints a new admin key and exits. `--auth off` (every caller is an \
            admin) is refused unless the server listens on loopback. The web app is served at / (docs/web.md); \
            its session secret is kept in <data>/web-secret.
            """
    )

    /// Whether requests need an API key.
    enum AuthMode: String, ExpressibleByArgument, Sendable {
        case on, off
    }

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one; the chosen one is printed).") var port = 8080
    @Option(help: "Database: a SQLite path or sqlite:///abs/path, or postgres://user:pass@host:port/db. Default: <data>/swoop.sqlite.")
    var db: String?
    @Option(help: "Data folder (SQLite file, code artifacts).") var data = ".swoop"
    @Option(help: "API keys required (on) or not (off, loopback only).") var auth: AuthMode = .on
    @Flag(help: "Create an admin key (and the admin user if needed), print it and exit.") var initAdmin = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Seconds between checks for expired leases.") var leaseCheckSeconds = 5
    @Option(help: "Hours a write's idempotent answer is kept for retries (1...8760).") var idempotencyHours = 24
    @Option(help: "While long-polling, seconds between re-reads of the database (sees changes made through other replicas).")
    var recheckSeconds = 2

    func validate() throws {
        do {
            try serverConfiguration().validate()
        } catch let e as ServerConfiguration.ConfigurationError {
            throw ValidationError(e.message)
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        guard (1...3600).contains(leaseCheckSeconds) else { throw ValidationError("--lease-check-seconds must be 1...3600") }
        guard (1...3600).contains(recheckSeconds) else { throw ValidationError("--recheck-seconds must be 1...3600") }
        guard (1...8760).contains(idempotencyHours) else { throw ValidationError("--idempotency-hours must be 1...8760") }
    }

    func serverConfiguration() -> ServerConfiguration {
        ServerConfiguration(
            host: host, port: port, authenticationEnabled: auth == .on, leaseCheckInterval: .seconds(leaseCheckSeconds),
            recheckInterval: .seconds(recheckSeconds), idempotencyRetention: .seconds(idempotencyHours * 3600))
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        StandardErrorLogging.bootstrap(level)
        let logger = Logger(label: "swoop.server")
        let dataDirectory = URL(fileURLWithPath: data, isDirectory: true)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let store = try await StoreFactory.open(url: db, dataDirectory: dataDirectory)
        do {
            try await serve(store: store, dataDirectory: dataDirectory, logger: logger)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    private func serve(store: any Store, dataDirectory: URL, logger: Logger) async throws {
        if initAdmin {
            if let made = try await SwoopServer.bootstrapAdmin(store: store, force: true) {
                Stdout.line("admin API key (shown once): \(made.key)")
            }
            return
        }
        let config = serverConfiguration()
        var localUser: UserID?
        if config.authenticationEnabled {
            if let made = try await SwoopServer.bootstrapAdmin(store: store, force: false) {
                Stdout.line("created admin user 'admin'; API key (shown once): \(made.key)")
            }
        } else {
            localUser = try await SwoopServer.localUser(store: store)
            Stderr.line("warning: authentication is off; anyone who can reach \(host):\(port) acts as admin")
        }
        let env = ServerEnvironment(
            store: store, blobs: BlobStore(dataDirectory: dataDirectory), configuration: config, logger: logger, localUser: localUser)
        let host = self.host
        // The web app (docs/web.md) shares the router; its session secret lives in the data folder.
        let web: WebApp
        do {
            web = WebApp(env: env, secret: try WebSecret.load(file: dataDirectory.appendingPathComponent("web-secret")))
        } catch let e as WebSecretError {
            throw ValidationError(e.description)
        }
        let app = SwoopServer(env: env, extensions: [web]).makeApplication { boundPort in
            Stdout.line("swoop server listening on http://\(host):\(boundPort)")
        }
        try await app.runService()
    }
}
