import ArgumentParser
import Foundation
import SwoopClient

/// How a command reaches a Swoop server: shared by every command that talks to one.
struct ServerOptions: ParsableArguments {
    @Option(name: .customLong("base-url"), help: "Server address, or several replicas of one server comma-separated (default: $SWOOP_BASE_URL, else http://127.0.0.1:8080).")
    var baseURL: String?
    @Option(name: .customLong("api-key"), help: "API key (default: $SWOOP_API_KEY; none when the server runs with --auth off).")
    var apiKey: String?
    @Option(help: "Entity that owns the projects and queues (default: $SWOOP_ENTITY, else the caller's own).")
    var entity: String?

    /// The server address after flags and environment.
    var resolvedBaseURL: String {
        baseURL ?? ProcessInfo.processInfo.environment["SWOOP_BASE_URL"] ?? "http://127.0.0.1:8080"
    }

    /// The API key after flags and environment.
    var resolvedAPIKey: String? {
        apiKey ?? ProcessInfo.processInfo.environment["SWOOP_API_KEY"]
    }

    /// The entity named by flag or environment, if any (commands fall back to the caller's own).
    var namedEntity: String? {
        entity ?? ProcessInfo.processInfo.environment["SWOOP_ENTITY"]
    }

    /// A client for the server these options name.
    func makeClient() -> SwoopClient {
        SwoopClient(baseURL: resolvedBaseURL, apiKey: resolvedAPIKey)
    }
}
