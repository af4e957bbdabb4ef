import Foundation

/// A git repository in a fresh temporary folder, made and changed with the real `git`, for tests of git jobs.
public struct ScratchGitRepository: Sendable {
    /// The repository's folder (also its remote address: git fetches from a local path).
    public let folder: URL

    /// Makes an empty repository whose first branch is `main`.
    public init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-git-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"])
    }

    /// Writes the files (path relative to the repository → contents), commits them all, and returns the commit.
    @discardableResult
    public func commit(_ files: [String: String], message: String = "change") throws -> String {
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try git(["add", "-A"])
        try git(["-c", "user.name=Swoop Tests", "-c", "user.email=tests@swoop.invalid", "commit", "-q", "-m", message])
        return try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git in the repository and returns its standard output; a failure throws with its standard error.
    @discardableResult
    public func git(_ arguments: [String]) throws -> String {
        try ToolCommand.output("/usr/bin/env", ["git", "-C", folder.path] + arguments, name: "git")
    }

    /// Removes the repository.
    public func remove() { try? FileManager.default.removeItem(at: folder) }
}
