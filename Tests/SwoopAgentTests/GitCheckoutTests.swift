import Foundation
import SwoopModel
import SwoopTestSupport
import Testing

@testable import SwoopAgent

@Suite("GitSource")
struct GitSourceTests {
    @Test func readsAJobVersionsMetadata() throws {
        let metadata: JSONValue = ["git": ["remote": "https://example.com/acme/ml.git", "commit": "3f2a9c1", "path": "./trainer/"]]
        let source = try GitSource(metadata: metadata)
        #expect(source == (try GitSource(remote: "https://example.com/acme/ml.git", revision: "3f2a9c1", path: "trainer")))
        #expect(source.isAbbreviatedCommit && !source.isFullCommit)
        #expect((try GitSource(metadata: metadata, revision: "release-2")).revision == "release-2")
        #expect((try GitSource(remote: "r", revision: String(repeating: "a", count: 40))).isFullCommit)
        #expect((try GitSource(remote: "r", revision: String(repeating: "b", count: 64))).isFullCommit)
        #expect(!(try GitSource(remote: "r", revision: "main")).isAbbreviatedCommit)
        #expect((try GitSource(remote: "r", revision: "main", path: ".")).path == nil)
    }

    @Test func badMetadataNamesTheField() {
        func message(_ metadata: JSONValue) -> String {
            do {
                _ = try GitSource(metadata: metadata)
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(message(["image": "x"]).contains("metadata.git is not valid"))
        #expect(message(["git": ["commit": "abc1234"]]).contains("metadata.git.remote"))
        #expect(message(["git": ["remote": "r"]]).contains("metadata.git.commit"))
        #expect(message(["git": ["remote": "r", "commit": 7]]).contains("metadata.git.commit is not valid: expected a string, found"))
        #expect(message(["git": ["remote": "r", "commit": "main", "path": "../up"]]).contains("path '../up'"))
        #expect(message(["git": ["remote": "r", "commit": "main", "path": "/etc"]]).contains("path '/etc'"))
    }

    /// Values git would read as options (or that are not revisions at all) never reach it.
    @Test func refusesWhatGitWouldTakeForAnOption() {
        #expect(throws: GitCheckoutError.self) { try GitSource(remote: "--upload-pack=touch x", revision: "main") }
        #expect(throws: GitCheckoutError.self) { try GitSource(remote: "r", revision: "--output=/tmp/x") }
        #expect(throws: GitCheckoutError.self) { try GitSource(remote: "r", revision: "main..dev") }
        #expect(throws: GitCheckoutError.self) { try GitSource(remote: "r", revision: "a:b") }
        #expect(throws: GitCheckoutError.self) { try GitSource(remote: "r\nx", revision: "main") }
        #expect(throws: GitCheckoutError.self) { try GitSource(remote: "", revision: "main") }
    }
}

@Suite("CodeCache git checkouts")
struct GitCheckoutTests {
    /// A code cache in a fresh folder, and that folder (for the caller's cleanup).
    static func cache() -> (CodeCache, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-code-\(UUID().uuidString)")
        return (CodeCache(root: root, unpack: CodeCache.unpackArchive), root)
    }

    static func files(_ folder: URL) throws -> [String: String] { try CodeArchiveTests.contents(of: folder) }

    @Test func checksOutTheCommitAskedForWithoutGitsOwnFolder() async throws {
        let repo = try ScratchGitRepository()
        defer { repo.remove() }
        let first = try repo.commit(["train.py": "print('one')\n", "lib/util.py": "x = 1\n"])
        let second = try repo.commit(["train.py": "print('two')\n"])
        let (cache, root) = Self.cache()
        defer { try? FileManager.default.removeItem(at: root) }

        let old = try await cache.checkout(GitSource(remote: repo.folder.path, revision: first))
        #expect(old.commit == first)
        #expect(try Self.files(old.folder) == ["train.py": "print('one')\n", "lib/util.py": "x = 1\n"])
        let new = try await cache.checkout(GitSource(remote: "file://" + repo.folder.path, revision: second))
        #expect(new.commit == second)
        #expect(try Self.files(new.folder)["train.py"] == "print('two')\n")
        #expect(!FileManager.default.fileExists(atPath: new.folder.appendingPathComponent(".git").path))
    }

    @Test func aBranchIsFetchedAgainAndAFullCommitIsKept() async throws {
        let repo = try ScratchGitRepository()
        defer { repo.remove() }
        let first = try repo.commit(["train.py": "v1\n"])
        let (cache, root) = Self.cache()
        defer { try? FileManager.default.removeItem(at: root) }

        let pinned = try await cache.checkout(GitSource(remote: repo.folder.path, revision: first))
        #expect(try await cache.checkout(GitSource(remote: repo.folder.path, revision: "main")).commit == first)
        let second = try repo.commit(["train.py": "v2\n"])
        let moved = try await cache.checkout(GitSource(remote: repo.folder.path, revision: "main"))
        #expect(moved.commit == second)
        #expect(try Self.files(moved.folder)["train.py"] == "v2\n")

        // With the repository gone, the kept commit still checks out (nothing is fetched) and the branch does not.
        repo.remove()
        let again = try await cache.checkout(GitSource(remote: repo.folder.path, revision: first))
        #expect(again.folder == pinned.folder && again.commit == first)
        await #expect(throws: GitCheckoutError.self) { try await cache.checkout(GitSource(remote: repo.folder.path, revision: "main")) }
    }

    @Test func tagsAbbreviatedCommitsAndFolders() async throws {
        let repo = try ScratchGitRepository()
        defer { repo.remove() }
        let first = try repo.commit(["trainer/train.py": "print('t')\n", "README": "top\n"])
        try repo.git(["tag", "v1.0"])
        _ = try repo.commit(["trainer/train.py": "print('later')\n"])
        let (cache, root) = Self.cache()
        defer { try? FileManager.default.removeItem(at: root) }

        let tagged = try await cache.checkout(GitSource(remote: repo.folder.path, revision: "v1.0", path: "trainer"))
        #expect(tagged.commit == first)
        #expect(try Self.files(tagged.folder) == ["train.py": "print('t')\n"])
        let short = try await cache.checkout(GitSource(remote: repo.folder.path, revision: String(first.prefix(8))))
        #expect(short.commit == first)
        #expect(try Self.files(short.folder)["README"] == "top\n")
    }

    @Test func failuresNameTheRepositoryRevisionAndFolder() async throws {
        let repo = try ScratchGitRepository()
        defer { repo.remove() }
        let commit = try repo.commit(["train.py": "x\n"])
        try FileManager.default.createSymbolicLink(atPath: repo.folder.appendingPathComponent("outside").path, withDestinationPath: "/tmp")
        try repo.git(["add", "-A"])
        try repo.git(["-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "link"])
        let (cache, root) = Self.cache()
        defer { try? FileManager.default.removeItem(at: root) }
        func message(_ source: GitSource) async -> String {
            do {
                _ = try await cache.checkout(source)
                return "checked out"
            } catch {
                return "\(error)"
            }
        }
        let remote = repo.folder.path
        #expect(await message(try GitSource(remote: remote, revision: "no-such-branch")).contains("could not fetch 'no-such-branch' from \(remote)"))
        let absent = String(repeating: "0", count: 40)
        #expect(await message(try GitSource(remote: remote, revision: absent)).contains("could not fetch '\(absent)'"))
        #expect(await message(try GitSource(remote: remote, revision: "0000000")).contains("no such commit"))
        #expect(await message(try GitSource(remote: remote + "-missing", revision: "main")).contains("from \(remote)-missing"))
        #expect(await message(try GitSource(remote: remote, revision: commit, path: "nope")).contains("has no folder 'nope'"))
        #expect(await message(try GitSource(remote: remote, revision: "main", path: "outside")).contains("has no folder 'outside'"))
        #expect(await message(try GitSource(remote: remote, revision: commit)) == "checked out")
        #expect(await message(try GitSource(remote: remote, revision: commit)) == "checked out")
        let missingGit = await {
            do {
                _ = try await cache.checkout(GitSource(remote: remote, revision: "main"), git: "/nonexistent/git")
                return "checked out"
            } catch {
                return "\(error)"
            }
        }()
        #expect(missingGit.contains("git jobs need `git` on the agent's PATH"))
    }

    /// Submodules come with the commit (a relative URL resolves against the superproject's remote),
    /// and none of the `.git` entries stays in the checkout.
    @Test func submodulesAreFetchedAtTheirRecordedCommit() async throws {
        let library = try ScratchGitRepository()
        defer { library.remove() }
        try library.commit(["util.py": "NAME = 'old'\n"])
        let superproject = try ScratchGitRepository()
        defer { superproject.remove() }
        let allowFile = ["-c", "protocol.file.allow=always"]
        try superproject.git(allowFile + ["submodule", "add", "-q", "../" + library.folder.lastPathComponent, "lib"])
        let commit = try superproject.commit(["train.py": "from lib.util import NAME\n"])
        try library.commit(["util.py": "NAME = 'new'\n"])  // after the recorded commit: not what runs
        let (cache, root) = Self.cache()
        defer { try? FileManager.default.removeItem(at: root) }
        // Only the test's file:// submodules need this (git refuses local submodules by default).
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_COUNT"] = "1"
        environment["GIT_CONFIG_KEY_0"] = "protocol.file.allow"
        environment["GIT_CONFIG_VALUE_0"] = "always"

        let checkout = try await cache.checkout(GitSource(remote: superproject.folder.path, revision: commit), environment: environment)
        let files = try Self.files(checkout.folder)
        #expect(files["lib/util.py"] == "NAME = 'old'\n", "\(files.keys.sorted())")
        #expect(files["train.py"] != nil)
        #expect(!files.keys.contains { $0 == ".git" || $0.hasSuffix("/.git") || $0.hasPrefix(".git/") || $0.contains("/.git/") })

        // Without the library the superproject's commit cannot be made whole, and the error says so.
        library.remove()
        let (other, otherRoot) = Self.cache()
        defer { try? FileManager.default.removeItem(at: otherRoot) }
        do {
            _ = try await other.checkout(GitSource(remote: superproject.folder.path, revision: commit), environment: environment)
            Issue.record("a commit whose submodule is gone checked out")
        } catch let error as GitCheckoutError {
            #expect(error.description.contains("git could not fetch the submodules of commit \(commit) of \(superproject.folder.path)"), "\(error)")
        }
    }

    /// A server that takes the connection and never answers: git gives up after the low-speed time
    /// (2 s here, 60 s by default) instead of holding the run in `starting` for ever. Without the
    /// limit this test never ends (no clock is read: on a loaded machine the checkout may wait long
    /// for a thread before git even starts).
    @Test func aStalledServerFailsTheCheckoutInBoundedTime() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let (cache, root) = Self.cache()
        defer { try? FileManager.default.removeItem(at: root) }
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_HTTP_LOW_SPEED_TIME"] = "2"
        let remote = "http://127.0.0.1:\(listener.port)/acme/ml.git"
        do {
            _ = try await cache.checkout(GitSource(remote: remote, revision: "main"), environment: environment)
            Issue.record("a server that never answers gave a checkout")
        } catch let error as GitCheckoutError {
            #expect(error.description.contains("git could not fetch 'main' from \(remote)"), "\(error)")
        }
    }
}
