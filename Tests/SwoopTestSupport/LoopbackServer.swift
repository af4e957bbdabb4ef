import Foundation
import SwoopServer

/// A `SwoopServer` on 127.0.0.1 with a free port, for as long as a test's body runs.
public enum LoopbackServer {
    public struct NoPort: Error, CustomStringConvertible {
        public var description: String { "the server stopped before it reported a port" }
    }

    /// Serves `server` while `body` runs with its base URL (`http://127.0.0.1:PORT`), then stops it by
    /// cancelling its task, so requests still open (long polls, event streams) end at once.
    public static func serve<T: Sendable>(_ server: SwoopServer, _ body: (String) async throws -> T) async throws -> T {
        let (ports, sink) = AsyncStream<Int>.makeStream()
        let app = server.makeApplication { sink.yield($0) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next(), port > 0 else { throw NoPort() }
            return try await body("http://127.0.0.1:\(port)")
        }
    }
}
