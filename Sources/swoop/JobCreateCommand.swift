import ArgumentParser
import Foundation
import SwoopAgent
import SwoopClient
import SwoopModel

/// `swoop job create`: publishes a version of a job from a code folder, an image or a git commit.
/// Unchanged source and entry point publish nothing new: the existing version is reported.
struct JobCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a job version from a code folder, a container image or a git commit.",
        discussion: """
            Exactly one source: --code DIR (the folder is packed deterministically, without .git, \
            __pycache__, .swoop, .build* and .venv*, and uploaded under its SHA-256), --image NAME, or \
            --git URL --commit REV [--path SUBDIR]: agents fetch the commit when a run starts and run in \
            SUBDIR of it (a branch or tag is fetched anew each time; the run's log names the commit). A new version is made only when the source or the \
            entry point changed; otherwise the existing version is reported. `latest` always moves to \
            the version, an image's tag becomes an alias too, and --alias adds more.
            """
    )

    @OptionGroup var server: ServerOptions
    @Option(help: "Project of the job (created if missing).") var project: String
    @Option(help: "Job name.") var name: String
    @Option(help: "Code folder to snapshot.") var code: String?
    @Option(help: "Container image to run (its tag also becomes an alias).") var image: String?
    @Option(help: "Git repository URL.") var git: String?
    @Option(help: "Git commit, or a branch or tag (with --git).") var commit: String?
    @Option(help: "Folder inside the repository to run in (with --git).") var path: String?
    @Option(name: .customLong("entry-point"), help: "Command that starts the job, split like a shell would: \"python train.py\".")
    var entryPoint: String?
    @Option(name: .customLong("alias"), help: "Extra alias for the version (repeatable).") var aliases: [String] = []
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        let sources = [code, image, git].compactMap { $0 }
        guard sources.count == 1 else {
            throw ValidationError("give exactly one source: --code DIR, --image NAME or --git URL --commit SHA")
        }
        if git != nil, commit == nil { throw ValidationError("--git needs --commit SHA") }
        if git == nil, commit != nil || path != nil { throw ValidationError("--commit and --path go with --git") }
        if let path, path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw ValidationError("--path '\(path)' must be a folder inside the repository (relative, without '..')")
        }
        if let git, let commit {
            do {
                _ = try GitSource(remote: git, revision: commit, path: path)
            } catch {
                throw ValidationError("--git: \(error)")
            }
        }
        if code != nil || git != nil, entryPoint == nil {
            throw ValidationError("Cannot provide a code folder or git repository without an entry point: add --entry-point \"python train.py\"")
        }
        if let entryPoint { _ = try JobPublisher.entryPoint(entryPoint) }
        for alias in aliases {
            guard !alias.isEmpty, !alias.contains(":"), !alias.contains("/") else {
                throw ValidationError("--alias '\(alias)': an alias is 1...128 characters without ':' or '/'")
            }
            guard alias != JobAlias.latest, JobAlias.versionNumber(of: alias) == nil else {
                throw ValidationError("--alias '\(alias)': 'latest' and vN aliases are managed by Swoop")
            }
        }
    }

    /// What `--json` prints.
    struct Result: Encodable {
        var job: Job
        var version: JobVersion
        var created: Bool
        var aliases: [String]
        var reference: String
    }

    func run() async throws {
        try await CommandFailure.reporting(baseURL: server.resolvedBaseURL) {
            let entry = try entryPoint.map { try ShellWords.split($0) } ?? []
            let source: JobPublisher.Source
            if let code {
                source = .code(folder: code)
            } else if let image {
                source = .image(image)
            } else {
                source = .git(remote: git ?? "", commit: commit ?? "", path: path)
            }
            let publisher = JobPublisher(source: source, entryPoint: entry)
            let archive = try await publisher.pack()
            let session = try await ServerSession.open(server)
            let project = try await session.project(named: self.project, create: true)
            let published = try await publisher.publish(session: session, project: project, name: name, archive: archive)
            let (job, version) = (published.job, published.version)
            for alias in ([published.tagAlias].compactMap { $0 } + aliases) {
                _ = try await session.client.setJobAlias(job: job.id, alias: alias, version: version.version)
            }
            let stored = try await session.client.listJobAliases(job: job.id)
            let aliasesOfVersion = [version.versionAlias] + stored.filter { $0.version == version.version }.map(\.alias).sorted()
            let reference = "\(session.path(project.name))/\(job.name):\(version.versionAlias)"
            if json {
                try JSONOutput.print(Result(job: job, version: version, created: published.created, aliases: aliasesOfVersion, reference: reference))
            } else if published.created {
                Stdout.line("created \(reference) (aliases: \(aliasesOfVersion.joined(separator: ", ")))")
            } else {
                Stdout.line("unchanged: \(reference) already has this source and entry point (aliases: \(aliasesOfVersion.joined(separator: ", ")))")
            }
        }
    }
}
