import Foundation
import SwoopModel

/// A git job's code: the repository, the revision to check out, and the folder in it that becomes the
/// run folder. Read from a job version's `metadata.git` (`remote`, `commit`, optional `path`).
public struct GitSource: Sendable, Hashable {
    /// The repository as git takes it: a URL (`https://`, `ssh://`, `file://`), `host:path`, or a local path.
    public var remote: String
    /// A full or abbreviated commit, a branch or a tag.
    public var revision: String
    /// The folder inside the repository to run in (nil: the repository's root).
    public var path: String?

    /// Checks each part, so a malformed value is refused before git sees it: none may start with `-`
    /// (git would read it as an option) or hold a control character, and the path stays inside the repository.
    public init(remote: String, revision: String, path: String? = nil) throws(GitCheckoutError) {
        try Self.check(remote, field: "remote", expected: "a repository URL or path")
        try Self.checkRevision(revision)
        var folder: String?
        if let path {
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            if path.hasPrefix("/") || parts.contains("..") || path.contains("\0") {
                throw .invalidField("path", value: path, expected: "a folder inside the repository (relative, without '..')")
            }
            folder = parts.isEmpty || parts == ["."] ? nil : parts.filter { $0 != "." }.joined(separator: "/")
        }
        self.remote = remote; self.revision = revision; self.path = folder
    }

    /// From a git job version's metadata; `revision` (a launch's `gitVersion`) replaces the stored commit.
    public init(metadata: JSONValue, revision: String? = nil) throws(GitCheckoutError) {
        guard case .object(let git)? = metadata["git"] else {
            throw .invalidField("metadata.git", value: nil, expected: "an object with remote, commit and optional path")
        }
        func string(_ key: String) throws(GitCheckoutError) -> String? {
            guard let value = git[key], value != .null else { return nil }
            guard case .string(let text) = value else {
                throw .invalidField("metadata.git.\(key)", value: nil, expected: "a string, found \(value.typeName)")
            }
            return text
        }
        guard let remote = try string("remote") else {
            throw .invalidField("metadata.git.remote", value: nil, expected: "the repository URL")
        }
        let stored = try string("commit")
        guard let commit = revision ?? stored else {
            throw .invalidField("metadata.git.commit", value: nil, expected: "a commit, branch or tag")
        }
        try self.init(remote: remote, revision: commit, path: try string("path"))
    }

    /// A full object name (40 hex digits for SHA-1, 64 for SHA-256): content that never changes,
    /// so its checkout is kept and reused. Branches and tags are fetched on every use.
    public var isFullCommit: Bool { Self.isHex(revision) && (revision.count == 40 || revision.count == 64) }

    /// 4 to 39 hex digits: only a full fetch can find it (servers fetch full names and refs only).
    public var isAbbreviatedCommit: Bool { Self.isHex(revision) && revision.count >= 4 && revision.count < 40 }

    /// The cache folder name of this source's checkout at `commit`.
    public func cacheKey(commit: String) -> String {
        "git-" + SHA256.hex(remote + "\n" + commit.lowercased() + "\n" + (path ?? ""))
    }

    /// `remote@revision` plus the path, for messages.
    public var display: String { "\(remote)@\(revision)" + (path.map { " (folder \($0))" } ?? "") }

    static func isHex(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) }
    }

    /// Refuses a revision git would read as an option or a range (the `commit` field's rules).
    public static func checkRevision(_ revision: String) throws(GitCheckoutError) {
        try check(revision, field: "commit", expected: "a commit, branch or tag")
        if revision.contains("..") || revision.contains(":") || revision.contains(" ") {
            throw .invalidField("commit", value: revision, expected: "a commit, branch or tag (no '..', ':' or spaces)")
        }
    }

    private static func check(_ value: String, field: String, expected: String) throws(GitCheckoutError) {
        if value.isEmpty { throw .invalidField(field, value: value, expected: expected) }
        if value.hasPrefix("-") { throw .invalidField(field, value: value, expected: "\(expected), not starting with '-'") }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidField(field, value: value, expected: "\(expected) without control characters")
        }
    }
}
