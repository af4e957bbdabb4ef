import Foundation
import Subprocess

/// A code folder as a deterministic tar.gz: the same contents give the same bytes, so the same
/// SHA-256 and no new job version for unchanged code.
public enum CodeArchive {
    /// Folders that are tooling, caches or environments, never code; nothing else (no .gitignore)
    /// is honoured, so what runs is what the folder holds.
    public static let excludedNames = [".git", "__pycache__", ".swoop", ".build*", ".venv*"]

    /// Refuse to hold more than this in memory; code snapshots are small, datasets belong elsewhere.
    public static let sizeLimit = 1 << 30

    /// Pack the folder's contents (not the folder itself) as gzip'd GNU tar with sorted names,
    /// zero times and owners, normalized permissions and no gzip timestamp.
    public static func pack(directory: URL) async throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw CodeArchiveError.notADirectory(directory.path) }
        var arguments = [
            "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
            // Group and others get the owner's bits minus write, so a umask does not change the hash.
            "--mode=u+rw,go=u-w", "--format=gnu",
        ]
        arguments += excludedNames.map { "--exclude=\($0)" }
        arguments += ["-cf", "-", "-C", directory.path, "."]
        let tar = try await runTool("tar", arguments, input: nil)
        for entry in try TarReader.entries(of: tar) {
            if let problem = entry.problem() {
                throw CodeArchiveError.unsafeEntry("\(problem) in \(directory.path)")
            }
        }
        return try await runTool("gzip", ["-n", "-c"], input: tar)
    }

    /// Unpack an archive into the folder (created if missing), after checking that no entry is an
    /// absolute path, climbs out with `..`, links outside, or is a device; tar's own refusals stay on.
    public static func unpack(_ data: Data, into directory: URL) async throws {
        guard data.starts(with: [0x1f, 0x8b]) else {
            throw CodeArchiveError.malformed("it does not start with the gzip signature")
        }
        let tar: Data
        do {
            tar = try await runTool("gzip", ["-d", "-c"], input: data)
        } catch CodeArchiveError.toolFailed(_, _, let message) {
            throw CodeArchiveError.malformed("gzip: \(message)")
        }
        for entry in try TarReader.entries(of: tar) {
            if let problem = entry.problem() { throw CodeArchiveError.unsafeEntry(problem) }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // --touch: files get the time of extraction, since the archive's zero times would confuse
        // tools that compare times (Python's bytecode cache among them).
        _ = try await runTool(
            "tar", ["-xf", "-", "-C", directory.path, "--touch", "--no-same-owner", "--no-overwrite-dir"],
            input: tar)
    }

    private static func runTool(_ tool: String, _ arguments: [String], input: Data?) async throws -> Data {
        // The C locale keeps tar's name order and messages fixed; GZIP in the caller's environment
        // could add options (a name, a timestamp) that change the bytes.
        let environment = Environment.inherit.updating(["LC_ALL": "C", "GZIP": nil])
        let status: TerminationStatus
        let output: Data
        let errorText: String?
        do {
            if let input {
                let result = try await run(
                    .name(tool), arguments: Arguments(arguments), environment: environment,
                    input: .data(input), output: .data(limit: sizeLimit), error: .string(limit: 1 << 16))
                (status, output, errorText) = (result.terminationStatus, result.standardOutput, result.standardError)
            } else {
                let result = try await run(
                    .name(tool), arguments: Arguments(arguments), environment: environment,
                    output: .data(limit: sizeLimit), error: .string(limit: 1 << 16))
                (status, output, errorText) = (result.terminationStatus, result.standardOutput, result.standardError)
            }
        } catch let error as SubprocessError {
            if error.code == .outputLimitExceeded { throw CodeArchiveError.tooLarge(limit: sizeLimit) }
            throw CodeArchiveError.toolFailed(tool: tool, status: "could not start", message: "\(error)")
        }
        guard case .exited(0) = status else {
            let message = (errorText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            throw CodeArchiveError.toolFailed(tool: tool, status: "\(status)", message: message)
        }
        return output
    }
}
