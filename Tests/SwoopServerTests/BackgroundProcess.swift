import Foundation

/// A process started by a test (any command line, e.g. `ip netns exec NS swoop launch-agent ...`), its
/// output kept in a file, killed with SIGKILL if the test forgets it.
final class BackgroundProcess: Sendable {
    let process: Process
    let outputPath: String

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    var pid: Int32 { process.processIdentifier }

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `argv` and returns once its output (stdout and stderr) contains `readyMarker`, within `seconds`.
    init(_ argv: [String], readyMarker: String, seconds: Double = 60) async throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-bg-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let sink = FileHandle(forWritingAtPath: outputPath)
        process.standardOutput = sink
        process.standardError = sink
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while !output.contains(readyMarker) {
            guard process.isRunning, Date() < deadline else {
                let text = output
                kill9()
                throw StartError(description: "\(argv.joined(separator: " ")) did not print '\(readyMarker)': \(text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: outputPath)
    }
}
