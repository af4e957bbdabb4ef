import Foundation

/// Runs a command-line tool (git, ip) to its end for a test's setup: its standard output, or an
/// error with the command and its standard error when it fails.
public enum ToolCommand {
    /// A tool that exited with a non-zero status.
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// Runs `executable` (a path) with `arguments`; `name` is how the error names the command.
    @discardableResult
    public static func output(_ executable: String, _ arguments: [String], name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")): \(String(decoding: error, as: UTF8.self))")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
