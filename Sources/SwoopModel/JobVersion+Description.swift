/// How a version's source and entry point read in tables (CLI and web app alike).
extension JobVersion {
    /// `code sha256:…`, `image NAME`, or `git REMOTE@COMMIT[:PATH]` (digests and commits cut to 12 characters).
    public var sourceDescription: String {
        switch sourceKind {
        case .code:
            let digest = artifactDigest ?? "?"
            return "code " + String(digest.prefix("sha256:".count + 12))
        case .image:
            return "image " + (metadata["image"]?.stringValue ?? "?")
        case .git:
            let git = metadata["git"]
            var text = "git " + (git?["remote"]?.stringValue ?? "?") + "@" + String((git?["commit"]?.stringValue ?? "?").prefix(12))
            if let path = git?["path"]?.stringValue { text += ":" + path }
            return text
        }
    }

    /// The entry point as a shell would take it, or `(image default)` when there is none.
    public var entryPointDescription: String { entryPoint.isEmpty ? "(image default)" : ShellWords.join(entryPoint) }
}
