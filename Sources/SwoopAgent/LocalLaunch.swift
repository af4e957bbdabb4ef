import Foundation
import Logging
import SwoopClient
import SwoopModel

/// Runs one launch spec on this machine now, without a queue, and waits for it (`swoop launch --local`).
public enum LocalLaunch {
    /// Runs `spec` to its end and returns its run as it ended (state, exit code, message). The run is
    /// made first when the spec names none. Stop it early with `handle.stop(.requested)`.
    public static func run(
        spec: LaunchSpec, client: SwoopClient, settings: RunSettings, unpack: @escaping CodeCache.Unpack = CodeCache.unpackArchive,
        resource: any Resource = LocalProcessResource(), handle: RunHandle = RunHandle(control: RunControl()),
        echo: (@Sendable (OutputLine) -> Void)? = nil, logger: Logger = Logger(label: "swoop.launch")
    ) async throws -> Run {
        var spec = spec
        if spec.runID == nil, spec.kind == .run {
            let project = try await client.project(entity: spec.entity, named: spec.project)
            spec.runID = try await client.createRun(
                project: project.id, sweep: spec.sweepID, name: spec.name, config: .object(spec.overrides.runConfig)).id
        }
        let cache = CodeCache(root: settings.workDirectory.appendingPathComponent("code", isDirectory: true), unpack: unpack)
        let executor = RunExecutor(client: client, settings: settings, codeCache: cache, logger: logger, echo: echo)
        _ = await executor.execute(spec: spec, lease: nil, resource: resource, resourceConfig: spec.resourceArgs ?? [:], handle: handle)
        guard let id = spec.kind == .scheduler ? spec.sweepID.map({ RunID($0.rawValue) }) : spec.runID else {
            throw RunExecutor.SetupError("a scheduler spec needs a sweep id")
        }
        return try await client.run(id: id)
    }
}
