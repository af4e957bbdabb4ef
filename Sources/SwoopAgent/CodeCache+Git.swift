import Foundation

/// A git job's code as checked out on this machine.
public struct GitCheckout: Sendable, Hashable {
    /// The checked-out folder (the source's `path` inside the commit), without `.git`.
    public var folder: URL
    /// The full commit it came from.
    public var commit: String
}

extension CodeCache {
    /// The checkout of `source`: fetched with the agent's `git` and kept under the commit's name, so a
    /// full commit is fetched once per machine; a branch or tag is fetched again on every use (it moves)
    /// and reuses the kept folder when it still names the same commit. Submodules are not fetched.
    ///
    /// git runs with `environment` (default: this process's), where `GIT_TERMINAL_PROMPT=0` and, unless
    /// it already says otherwise, an HTTP transfer slower than 1 KB/s for 60 s is given up
    /// (`GIT_HTTP_LOW_SPEED_LIMIT`/`_TIME`), so a stalled server fails the run instead of holding it.
    public func checkout(_ source: GitSource, git: String = "git", environment: [String: String]? = nil) async throws -> GitCheckout {
        if source.isFullCommit {
            let target = root.appendingPathComponent(source.cacheKey(commit: source.revision), isDirectory: true)
            if FileManager.default.fileExists(atPath: target.path) {
                return GitCheckout(folder: target, commit: source.revision.lowercased())
            }
        }
        let flight = "git:" + source.cacheKey(commit: source.revision)
        if let running = inFlight[flight] {
            let folder = try await running.value
            return GitCheckout(folder: folder, commit: Self.commit(ofCheckout: folder))
        }
        let root = self.root
        var environment = environment ?? ProcessInfo.processInfo.environment
        // Never wait for a password on a terminal nobody watches: fail and say so instead.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        if environment["GIT_HTTP_LOW_SPEED_LIMIT"] == nil { environment["GIT_HTTP_LOW_SPEED_LIMIT"] = "1000" }
        if environment["GIT_HTTP_LOW_SPEED_TIME"] == nil { environment["GIT_HTTP_LOW_SPEED_TIME"] = "60" }
        let task = Task<URL, any Error> { [environment] in try await Self.fetch(source, into: root, git: git, environment: environment) }
        inFlight[flight] = task
        defer { inFlight[flight] = nil }
        let folder = try await task.value
        return GitCheckout(folder: folder, commit: Self.commit(ofCheckout: folder))
    }

    /// The commit a kept checkout came from (written next to it when it was made).
    static func commit(ofCheckout folder: URL) -> String {
        (try? String(contentsOf: folder.appendingPathExtension("commit"), encoding: .utf8)) ?? ""
    }

    /// Fetches into a fresh repository beside the cache and renames the wanted folder into place, so a
    /// half-made checkout is never taken for a kept one.
    private static func fetch(_ source: GitSource, into root: URL, git: String, environment: [String: String]) async throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let partial = root.appendingPathComponent(".partial-git-\(UUID().uuidString)", isDirectory: true)
        defer { try? fm.removeItem(at: partial) }
        let repo = partial.appendingPathComponent("repo", isDirectory: true)
        func run(_ arguments: [String]) async throws -> CommandRunner.Result {
            let result = await CommandRunner.run([git, "-c", "advice.detachedHead=false", "-c", "init.defaultBranch=swoop"] + arguments,
                                                 environment: environment)
            if result.status == nil { throw GitCheckoutError.gitUnavailable(result.stderr) }
            return result
        }
        let initialized = try await run(["init", "-q", repo.path])
        guard initialized.succeeded else { throw GitCheckoutError.gitUnavailable(initialized.lastError) }
        // Not `-C`: a remote given as a relative path is relative to where the agent runs.
        let into = ["--git-dir", repo.appendingPathComponent(".git").path, "--work-tree", repo.path]

        // One commit is all a run needs: fetch just it when the server hands out full names and refs
        // (every host does for refs; most do for reachable commits). An abbreviated commit, or a
        // server that refuses a full one, needs the branches and tags to find it in.
        var fetched = false
        var lastError = ""
        if !source.isAbbreviatedCommit {
            let shallow = try await run(into + ["fetch", "-q", "--depth", "1", "--no-tags", "--", source.remote, source.revision])
            fetched = shallow.succeeded
            lastError = shallow.lastError
            if !fetched, !source.isFullCommit {
                throw GitCheckoutError.fetchFailed(remote: source.remote, revision: source.revision, message: lastError)
            }
        }
        let checkedOutRevision: String
        if fetched {
            checkedOutRevision = "FETCH_HEAD"
        } else {
            let full = try await run(into + ["fetch", "-q", "--no-tags", "--", source.remote,
                                             "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"])
            guard full.succeeded else {
                throw GitCheckoutError.fetchFailed(remote: source.remote, revision: source.revision, message: full.lastError)
            }
            let found = try await run(into + ["rev-parse", "--verify", "--quiet", source.revision + "^{commit}"])
            guard found.succeeded else {
                throw GitCheckoutError.fetchFailed(remote: source.remote, revision: source.revision,
                                                   message: "no such commit in its branches and tags" + (lastError.isEmpty ? "" : " (\(lastError))"))
            }
            checkedOutRevision = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let checkout = try await run(into + ["checkout", "-q", "--detach", checkedOutRevision])
        guard checkout.succeeded else {
            throw GitCheckoutError.fetchFailed(remote: source.remote, revision: source.revision, message: checkout.lastError)
        }
        let head = try await run(into + ["rev-parse", "HEAD"])
        let commit = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard head.succeeded, GitSource.isHex(commit) else {
            throw GitCheckoutError.fetchFailed(remote: source.remote, revision: source.revision, message: head.lastError)
        }
        if GitSource.isHex(source.revision), !commit.hasPrefix(source.revision.lowercased()) {
            throw GitCheckoutError.commitMismatch(remote: source.remote, revision: source.revision, found: commit)
        }

        let target = root.appendingPathComponent(source.cacheKey(commit: commit), isDirectory: true)
        if fm.fileExists(atPath: target.path) { return target }
        if fm.fileExists(atPath: repo.appendingPathComponent(".gitmodules").path) {
            // Relative submodule URLs are resolved against the superproject's remote, so it gets one.
            _ = try await run(into + ["remote", "add", "origin", absoluteRemote(source.remote)])
            let inRepo = ["-C", repo.path, "submodule", "update", "--init", "--recursive"]
            var submodules = try await run(inRepo + ["--depth", "1"])
            // A server that hands out no commit by its name needs the whole history to find it in.
            if !submodules.succeeded { submodules = try await run(inRepo) }
            guard submodules.succeeded else {
                throw GitCheckoutError.submodulesFailed(remote: source.remote, commit: commit, message: submodules.lastError)
            }
        }
        try removeGitEntries(in: repo)
        var wanted = repo
        if let path = source.path {
            wanted = repo.appendingPathComponent(path, isDirectory: true)
            var isFolder: ObjCBool = false
            // A folder reached through a symbolic link could be anywhere on this machine.
            let inside = wanted.resolvingSymlinksInPath().path.hasPrefix(repo.resolvingSymlinksInPath().path + "/")
            guard inside, fm.fileExists(atPath: wanted.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw GitCheckoutError.noSuchFolder(path: path, remote: source.remote, commit: commit)
            }
        }
        // The commit file first: a kept folder always has one.
        try Data(commit.utf8).write(to: target.appendingPathExtension("commit"))
        do {
            try fm.moveItem(at: wanted, to: target)
        } catch {
            if fm.fileExists(atPath: target.path) { return target }
            throw error
        }
        return target
    }

    /// A local path as an absolute one (git resolves relative remotes from where it runs); URLs and
    /// `host:path` addresses as they are.
    static func absoluteRemote(_ remote: String) -> String {
        if remote.hasPrefix("/") || remote.contains("://") { return remote }
        if let colon = remote.firstIndex(of: ":"), !remote[..<colon].contains("/") { return remote }
        return URL(fileURLWithPath: remote).standardizedFileURL.path
    }

    /// Removes `.git` (the repository) and the submodules' `.git` files: the checkout is files only.
    private static func removeGitEntries(in folder: URL) throws {
        let fm = FileManager.default
        var found: [String] = []
        let walker = fm.enumerator(atPath: folder.path)
        while let relative = walker?.nextObject() as? String {
            if (relative as NSString).lastPathComponent == ".git" {
                found.append(relative)
                walker?.skipDescendants()
            }
        }
        for relative in found { try fm.removeItem(at: folder.appendingPathComponent(relative)) }
    }
}
