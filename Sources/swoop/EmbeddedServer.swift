import Foundation
import Logging
import SwoopServer
import SwoopStore

/// The Swoop server inside another command (`swoop sweep CONFIG`): SQLite in a data folder, auth off,
/// loopback only; the same application `swoop server` runs, without its signal handling.
final class EmbeddedServer: Sendable {
    let baseURL: String
    private let server: InProcessServer
    private let task: Task<Void, any Error>
    private let store: any Store

    private init(baseURL: String, server: InProcessServer, task: Task<Void, any Error>, store: any Store) {
        self.baseURL = baseURL; self.server = server; self.task = task; self.store = store
    }

    /// Opens the database in `data` and listens on 127.0.0.1:`port` (0: a free port); returns once it listens.
    static func start(data: URL, port: Int, logger: Logger) async throws -> EmbeddedServer {
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let store = try await StoreFactory.open(url: nil, dataDirectory: data)
        let config = ServerConfiguration(host: "127.0.0.1", port: port, authenticationEnabled: false)
        let env = ServerEnvironment(
            store: store, blobs: BlobStore(dataDirectory: data), configuration: config, logger: logger,
            localUser: try await SwoopServer.localUser(store: store))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = InProcessServer(server: SwoopServer(env: env)) { continuation.yield($0) }
        let task = Task {
            defer { continuation.finish() }
            try await server.run()
        }
        var bound: Int?
        for await p in ports {
            bound = p
            break
        }
        guard let bound, bound > 0 else {
            let failure: (any Error)? = await { do { try await task.value; return nil } catch { return error } }()
            await store.close()
            throw CommandFailure("the embedded server could not listen on 127.0.0.1:\(port)" + (failure.map { ": \($0)" } ?? ""))
        }
        return EmbeddedServer(baseURL: "http://127.0.0.1:\(bound)", server: server, task: task, store: store)
    }

    /// Stops listening and closes the database.
    func stop() async {
        await server.shutdown()
        _ = try? await task.value
        await store.close()
    }
}
