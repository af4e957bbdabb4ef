import SwoopModel

/// How `swoop job` shows a version's source and entry point in tables.
extension JobVersion {
    var sourceText: String {
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

    var entryPointText: String { entryPoint.isEmpty ? "(image default)" : ShellWords.join(entryPoint) }
}
