import Foundation
import SwoopModel

/// A real `swoop server` (SQLite in a temp folder, 127.0.0.1, a free port) for CLI tests, and the
/// flags that point a `swoop` command at it.
final class CLIServer: @unchecked Sendable {
    let process = Process()
    let dataDirectory: URL
    let baseURL: String
    let apiKey: String?

    /// With `auth`, the admin key comes from `swoop server --init-admin` before the server starts.
    init(auth: Bool) throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-cli-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        if auth {
            let made = try SwoopProcess.run(["server", "--init-admin", "--data", dataDirectory.path])
            guard made.status == 0, let line = made.lines.first(where: { $0.contains("(shown once): ") }),
                  let range = line.range(of: "(shown once): ")
            else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "--init-admin: \(made.stderr)"]) }
            apiKey = String(line[range.upperBound...])
        } else {
            apiKey = nil
        }
        let out = dataDirectory.appendingPathComponent("server.out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: SwoopProcess.swoop)
        process.arguments = [
            "server", "--host", "127.0.0.1", "--port", "0", "--data", dataDirectory.path, "--auth", auth ? "on" : "off",
            "--log-level", "error",
        ]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The server prints its address once it listens; bounded wait, polling the output file.
        for _ in 0..<600 {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on ") {
                let rest = text[range.upperBound...]
                baseURL = String(rest.prefix { !$0.isNewline })
                return
            }
            if !process.isRunning { break }
            usleep(100_000)
        }
        if process.isRunning { process.terminate() }
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "swoop server did not start"])
    }

    /// `swoop ARGS` pointed at this server.
    func swoop(_ args: [String]) throws -> SwoopProcess.Output {
        var flags = ["--base-url", baseURL]
        if let apiKey { flags += ["--api-key", apiKey] }
        return try SwoopProcess.run(args + flags)
    }

    /// `swoop ARGS --json`, parsed; the command must succeed.
    func json(_ args: [String]) throws -> JSONValue {
        let out = try swoop(args + ["--json"])
        guard out.status == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "swoop \(args) failed: \(out.stderr)"])
        }
        return try JSONText.parse(out.stdout)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}
