import Foundation

/// A long-running `swoop` process (server or launch agent) started in the background: its standard
/// output read line by line, standard error kept in a file for failure messages.
public final class LiveProcess: Sendable {
    public let process: Process
    public let lines: AsyncStream<String>
    public let stderrPath: String

    private init(process: Process, lines: AsyncStream<String>, stderrPath: String) {
        self.process = process; self.lines = lines; self.stderrPath = stderrPath
    }

    public var pid: Int32 { process.processIdentifier }
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    public enum StartError: Error, CustomStringConvertible {
        case ended(String, Int32, String)
        public var description: String {
            switch self { case .ended(let what, let status, let err): return "\(what) exited (\(status)) before it was ready: \(err)" }
        }
    }

    /// Starts `swoop ARGS` and returns once a line of standard output contains `readyMarker`, with the lines read so far.
    public static func start(_ args: [String], readyMarker: String, environment: [String: String]? = nil) async throws -> (LiveProcess, [String]) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestEnvironment.swoopBinary)
        p.arguments = args
        if let environment { p.environment = environment }
        let out = Pipe()
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-live-\(UUID().uuidString).err").path
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
        let live = LiveProcess(process: p, lines: lines, stderrPath: errPath)
        var seen: [String] = []
        for await line in lines {
            seen.append(line)
            if line.contains(readyMarker) { return (live, seen) }
        }
        p.waitUntilExit()
        throw StartError.ended(args.first ?? "swoop", p.terminationStatus, live.stderr)
    }

    public func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits (up to `seconds`) for the process to end; its status, or nil if it is still running.
    public func waitForExit(seconds: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM, then the exit status (a graceful shutdown exits 0).
    public func terminate() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    public func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: stderrPath)
    }
}
