import Foundation
import SwoopAgent
import SwoopConfig
import SwoopModel

/// The training job of `swoop sweep CONFIG`: the configuration's folder as a code job whose entry point
/// is the sweep's `command` (W&B's default command without one) and whose `program` fills `${program}`,
/// so a W&B configuration with `program: train.py` runs as it would under `wandb agent`.
struct LocalSweepJob {
    /// The queue the one-command mode creates and serves.
    static let queue = "local"

    let config: SweepConfig
    let folder: URL
    let entryPoint: [String]
    let jobName: String

    /// Refuses configurations the local mode cannot run, naming the file and key.
    init(config: SweepConfig, path: String) throws {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        folder = file.deletingLastPathComponent()
        if config.job != nil || config.imageURI != nil {
            let key = config.job != nil ? "job" : "image_uri"
            throw Self.failure(path, "\(key): `swoop sweep CONFIG` runs the configuration's program from its folder; a sweep of a job or image goes on a queue with `swoop launch-sweep`")
        }
        let command = config.command ?? CommandMacros.defaultCommand
        guard !command.contains("${program}") || config.program != nil else {
            throw Self.failure(path, "program: missing; the command runs ${program} (add `program: train.py` or a `command` without it)")
        }
        if let program = config.program, !FileManager.default.fileExists(atPath: folder.appendingPathComponent(program).path) {
            throw Self.failure(path, "program: '\(program)' not found in \(folder.path)")
        }
        self.config = config
        entryPoint = command
        let stem = config.program.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? ""
        jobName = stem.isEmpty ? folder.lastPathComponent : stem
    }

    static func failure(_ path: String, _ message: String) -> CommandFailure {
        CommandFailure("\(path): \(message)")
    }

    /// Publishes the folder (a new version only when it changed); returns the version's full reference.
    func publish(_ session: ServerSession, project name: String) async throws -> String {
        let archive: Data
        do { archive = try await CodeArchive.pack(directory: folder) } catch let error as CodeArchiveError {
            throw CommandFailure("\(folder.path): \(error)")
        }
        let project = try await session.project(named: name, create: true)
        var job = try await session.job(named: jobName, in: project)
        if job == nil {
            job = try await ServerSession.createIgnoringRace { try await session.client.createJob(project: project.id, name: jobName) }
        }
        if job == nil { job = try await session.job(named: jobName, in: project) }
        guard let job else {
            throw CommandFailure("job '\(jobName)' could not be created in \(session.path(name))")
        }
        let digest = try await session.client.uploadBlob(archive).digest
        let metadata: JSONValue = config.program.map { ["program": .string($0)] } ?? [:]
        let (version, _) = try await session.client.publishJobVersion(
            job: job.id, sourceKind: .code, entryPoint: entryPoint, artifactDigest: digest, metadata: metadata)
        return "\(session.path(name))/\(job.name):\(version.versionAlias)"
    }

    /// The configuration launched: the published job, and `--workers` as `scheduler.num_workers`.
    func configuration(job reference: String, workers: Int?) throws -> SweepConfig {
        guard var doc = config.document.objectValue else { return config }
        doc["job"] = .string(reference)
        if let workers {
            var scheduler = doc["scheduler"]?.objectValue ?? [:]
            scheduler["num_workers"] = .int(workers)
            doc["scheduler"] = .object(scheduler)
        }
        let result = SweepConfigLoader.parse(document: .object(doc), file: "sweep configuration")
        guard let parsed = result.config else {
            throw CommandFailure(result.diagnostics.map(\.description).joined(separator: "; "))
        }
        return parsed
    }
}
