import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs a short helper command (`podman stop`, `kubectl get`) to its end and collects what it printed.
public enum CommandRunner {
    /// How a helper command ended; `status` is nil when it could not start (then `stderr` says why).
    public struct Result: Sendable, Hashable {
        public var status: Int32?
        public var stdout: String
        public var stderr: String
        public var succeeded: Bool { status == 0 }
        /// The last non-empty line of standard error (the tools' own error messages end up there).
        public var lastError: String {
            stderr.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
        }
    }

    /// Runs `command` (the first token looked up on PATH unless it holds a `/`) with nothing on standard input.
    ///
    /// No standard input on purpose: swift-subprocess traps (an unclosed descriptor) when a child exits
    /// before reading the input it was given, so callers pass data in files.
    public static func run(_ command: [String], environment: [String: String]? = nil) async -> Result {
        guard let program = command.first, !program.isEmpty else { return Result(status: nil, stdout: "", stderr: "empty command") }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        let env: Subprocess.Environment
        if let environment {
            var custom: [Subprocess.Environment.Key: String] = [:]
            for (k, v) in environment { if let key = Subprocess.Environment.Key(rawValue: k) { custom[key] = v } }
            env = .custom(custom)
        } else {
            env = .inherit
        }
        let limit = 64 << 20
        do {
            let r = try await Subprocess.run(
                executable, arguments: Arguments(Array(command.dropFirst())), environment: env, input: .none,
                output: .string(limit: limit), error: .string(limit: limit))
            let status: Int32
            switch r.terminationStatus {
            case .exited(let code): status = code
            case .signaled(let signal): status = 128 + signal
            }
            return Result(status: status, stdout: r.standardOutput, stderr: r.standardError)
        } catch {
            return Result(status: nil, stdout: "", stderr: "could not run '\(program)': \(error)")
        }
    }
}
