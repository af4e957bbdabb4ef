import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Logging
import SwoopClient
import SwoopModel
import SwoopServer
import SwoopStore
import SwoopTestSupport
import Testing

/// A real server on 127.0.0.1 (a free port) over a real store, and a client holding the admin key.
struct ServerHarness: Sendable {
    let env: ServerEnvironment
    let baseURL: String
    /// The admin (or, with auth off, an unauthenticated) client.
    let client: SwoopClient
    let adminKey: String?

    /// Runs `body` against a fresh server and database; stops and removes both afterwards.
    static func with(
        _ backend: TestBackend, auth: Bool = true, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: (ServerHarness) async throws -> Void
    ) async throws {
        let db = try backend.makeDatabase()
        let store = try await backend.openStore(db)
        var config = ServerConfiguration(host: "127.0.0.1", port: 0, authenticationEnabled: auth)
        configure(&config)
        var logger = Logger(label: "swoop.test")
        logger.logLevel = .warning
        let admin = auth ? try await SwoopServer.bootstrapAdmin(store: store, force: false) : nil
        let localUser = auth ? nil : try await SwoopServer.localUser(store: store)
        let env = ServerEnvironment(
            store: store, blobs: BlobStore(dataDirectory: db.dataDirectory), configuration: config, logger: logger, localUser: localUser)
        do {
            try await LoopbackServer.serve(SwoopServer(env: env)) { base in
                try await body(ServerHarness(env: env, baseURL: base, client: SwoopClient(baseURL: base, apiKey: admin?.key), adminKey: admin?.key))
            }
        } catch {
            await store.close()
            await backend.dispose(db)
            throw error
        }
        await store.close()
        await backend.dispose(db)
    }

    /// A second server over the same store with its own notifier: another replica, which wakes none of
    /// this server's long-polls in-process.
    func withReplica(_ body: (SwoopClient) async throws -> Void) async throws {
        let replicaEnv = ServerEnvironment(
            store: env.store, blobs: env.blobs, configuration: env.configuration, logger: env.logger, localUser: env.localUser)
        try await LoopbackServer.serve(SwoopServer(env: replicaEnv)) { base in
            try await body(SwoopClient(baseURL: base, apiKey: adminKey))
        }
    }

    /// A client with another key.
    func client(key: String?) -> SwoopClient { client.with(apiKey: key) }

    /// An entity, a project, a queue and an agent on it: the usual setting of a test.
    struct World: Sendable {
        let entity: Entity
        let project: Project
        let queue: Queue
        let agent: Agent
    }

    func world(_ name: String = "team", prioritized: Bool = true) async throws -> World {
        let entity = try await client.createEntity(name: name)
        let project = try await client.createProject(entity: entity.id, name: "proj")
        let queue = try await client.createQueue(entity: entity.id, name: "q", resource: "local-process", prioritized: prioritized)
        let agent = try await client.registerAgent(entity: entity.id, name: "agent-1", queues: [queue.id])
        return World(entity: entity, project: project, queue: queue, agent: agent)
    }

    /// A client that acts as `agent` (an agent token of its own).
    func agentClient(_ agent: AgentID) async throws -> SwoopClient {
        client(key: try await client.createAgentToken(agent: agent).key)
    }

    /// Sends raw bytes and returns status and parsed JSON (if the answer was JSON).
    func raw(
        _ method: HTTPMethod, _ path: String, body: String? = nil, key: String?? = .none, headers: [(String, String)] = []
    ) async throws -> (status: Int, json: JSONValue?, headers: [(String, String)]) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        let k: String? = key ?? adminKey
        if let k { request.headers.add(name: "Authorization", value: "Bearer \(k)") }
        for (n, v) in headers { request.headers.add(name: n, value: v) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        let text = String(buffer: buffer)
        return (Int(response.status.code), try? JSONText.parse(text), response.headers.map { ($0.name, $0.value) })
    }
}

/// Expects `body` to throw the server's error with this status (and code and field, when given).
func expectServerError(
    status: Int, code: String? = nil, field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected a \(status) error, got success", sourceLocation: sourceLocation)
    } catch let SwoopClientError.server(s, c, message, f) {
        #expect(s == status, "\(message)", sourceLocation: sourceLocation)
        if let code { #expect(c == code, "\(message)", sourceLocation: sourceLocation) }
        if let field { #expect(f == field, "\(message)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected a server error, got \(error)", sourceLocation: sourceLocation)
    }
}
