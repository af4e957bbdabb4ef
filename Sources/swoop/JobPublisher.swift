import ArgumentParser
import Foundation
import SwoopAgent
import SwoopClient
import SwoopModel

/// Publishes a version of a job from a code folder, an image or a git source: what `swoop job create`
/// and `swoop launch --uri` share. An unchanged source and entry point report the existing version.
struct JobPublisher {
    /// Where the version's code comes from.
    enum Source {
        case code(folder: String)
        case image(String)
        case git(remote: String, commit: String, path: String?)
    }

    /// A published (or found) version.
    struct Published {
        var job: Job
        var version: JobVersion
        var created: Bool
        /// The image's tag, which the caller may add as an alias.
        var tagAlias: String?
    }

    var source: Source
    var entryPoint: [String]

    /// `--entry-point` split like a shell would; an empty or unparsable one is a usage error.
    static func entryPoint(_ text: String) throws -> [String] {
        let words: [String]
        do {
            words = try ShellWords.split(text)
        } catch {
            throw ValidationError("--entry-point: \(error)")
        }
        if words.isEmpty { throw ValidationError("--entry-point is empty") }
        return words
    }

    /// The code folder packed, before anything touches the server, so a bad folder fails fast with nothing created.
    func pack() async throws -> Data? {
        guard case .code(let path) = source else { return nil }
        do {
            return try await CodeArchive.pack(directory: URL(fileURLWithPath: path, isDirectory: true))
        } catch let error as CodeArchiveError {
            throw CommandFailure.usage("\(error)")
        }
    }

    /// Finds or makes the job `name` in `project` and publishes the version (`archive` from `pack()`).
    func publish(session: ServerSession, project: Project, name: String, archive: Data?) async throws -> Published {
        let job = try await findOrCreateJob(session, project, name)
        var digest: String?
        var metadata: JSONValue = .object([:])
        var tagAlias: String?
        let kind: JobSourceKind
        switch source {
        case .code:
            kind = .code
            digest = try await session.client.uploadBlob(archive ?? Data()).digest
        case .image(let image):
            kind = .image
            metadata = ["image": .string(image)]
            tagAlias = Self.tag(ofImage: image)
        case .git(let remote, let commit, let path):
            kind = .git
            var git: [String: JSONValue] = ["remote": .string(remote), "commit": .string(commit)]
            if let path { git["path"] = .string(path) }
            metadata = ["git": .object(git)]
        }
        let (version, created) = try await session.client.publishJobVersion(
            job: job.id, sourceKind: kind, entryPoint: entryPoint, artifactDigest: digest, metadata: metadata)
        return Published(job: job, version: version, created: created, tagAlias: tagAlias)
    }

    private func findOrCreateJob(_ session: ServerSession, _ project: Project, _ name: String) async throws -> Job {
        if let job = try await session.job(named: name, in: project) { return job }
        if let made = try await ServerSession.createIgnoringRace({ try await session.client.createJob(project: project.id, name: name) }) {
            return made
        }
        guard let job = try await session.job(named: name, in: project) else {
            throw CommandFailure("job '\(name)' could not be created in \(session.path(project.name))")
        }
        return job
    }

    /// The tag of `registry:port/name:tag` (none for a digest reference, no tag or `latest`, which
    /// always names the newest version anyway).
    static func tag(ofImage image: String) -> String? {
        if image.contains("@") { return nil }
        let last = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = last.lastIndex(of: ":") else { return nil }
        let tag = String(last[last.index(after: colon)...])
        return tag.isEmpty || tag == JobAlias.latest || JobAlias.versionNumber(of: tag) != nil ? nil : tag
    }
}
