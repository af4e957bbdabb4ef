import Foundation
import SwoopClient
import SwoopModel

/// A real `swoop server` process (the binary built next to the test runner) on 127.0.0.1 with a free
/// port, its standard output read line by line.
final class ServerProcess: Sendable {
    let process: Process
    let lines: AsyncStream<String>
    let baseURL: String
    let adminKey: String?
    let stderrPath: String

    /// The build folder holding both the test runner and `swoop`.
    static var swoopPath: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("swoop").path
    }

    enum StartError: Error, CustomStringConvertible {
        case exited(Int32, String)
        var description: String {
            switch self { case .exited(let s, let err): return "swoop server exited with \(s) before listening: \(err)" }
        }
    }

    private init(process: Process, lines: AsyncStream<String>, baseURL: String, adminKey: String?, stderrPath: String) {
        self.process = process; self.lines = lines; self.baseURL = baseURL; self.adminKey = adminKey; self.stderrPath = stderrPath
    }

    /// Starts `swoop server ARGS --port 0` and returns once it prints where it listens.
    static func start(_ args: [String]) async throws -> ServerProcess {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: swoopPath)
        p.arguments = ["server", "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"] + args
        let out = Pipe()
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-server-\(UUID().uuidString).err").path
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        p.standardOutput = out
        p.standardError = FileHandle(forWritingAtPath: errPath)
        p.standardInput = FileHandle.nullDevice
        let (lines, sink) = AsyncStream<String>.makeStream()
        let reader = out.fileHandleForReading
        // A thread of its own reads the pipe (blocking reads), handing complete lines to the stream.
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let nl = pending.firstIndex(of: 0x0A) {
                    sink.yield(String(decoding: pending[pending.startIndex..<nl], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...nl)
                }
            }
            sink.finish()
        }
        try p.run()
        var key: String?
        for await line in lines {
            if let r = line.range(of: "(shown once): ") { key = String(line[r.upperBound...]) }
            if let r = line.range(of: "listening on ") {
                return ServerProcess(process: p, lines: lines, baseURL: String(line[r.upperBound...]), adminKey: key, stderrPath: errPath)
            }
        }
        p.waitUntilExit()
        throw StartError.exited(p.terminationStatus, (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    func client(key: String?, attempts: Int = 1) -> SwoopClient {
        SwoopClient(baseURL: baseURL, apiKey: key, maxAttempts: attempts, requestTimeout: 20)
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then the exit status (graceful shutdown should exit 0).
    func terminate() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
