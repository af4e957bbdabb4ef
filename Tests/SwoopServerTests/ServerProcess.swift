import Foundation
import SwoopClient
import SwoopModel
import SwoopTestSupport

/// A real `swoop server` process (the binary built next to the test runner) on 127.0.0.1 with a free
/// port, its standard output read line by line.
final class ServerProcess: Sendable {
    let live: LiveProcess
    let baseURL: String
    let adminKey: String?

    static var swoopPath: String { TestEnvironment.swoopBinary }

    var process: Process { live.process }

    private init(live: LiveProcess, baseURL: String, adminKey: String?) {
        self.live = live; self.baseURL = baseURL; self.adminKey = adminKey
    }

    /// Starts `swoop server ARGS --port 0` and returns once it prints where it listens.
    static func start(_ args: [String]) async throws -> ServerProcess {
        let marker = "listening on "
        let (live, seen) = try await LiveProcess.start(
            ["server", "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"] + args, readyMarker: marker)
        let key = seen.lazy.compactMap { line in line.range(of: "(shown once): ").map { String(line[$0.upperBound...]) } }.first
        // `start` returns with the line holding the marker last.
        guard let line = seen.last, let r = line.range(of: marker) else { throw LiveProcess.StartError.ended("swoop server", -1, live.stderr) }
        return ServerProcess(live: live, baseURL: String(line[r.upperBound...]), adminKey: key)
    }

    func client(key: String?, attempts: Int = 1) -> SwoopClient {
        SwoopClient(baseURL: baseURL, apiKey: key, maxAttempts: attempts, requestTimeout: 20)
    }

    func kill9() { live.kill9() }

    /// SIGTERM, then the exit status (graceful shutdown should exit 0).
    func terminate() -> Int32 { live.terminate() }
}
