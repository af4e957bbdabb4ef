import SwoopClient
import SwoopModel

/// Answers an agent asks for every run but that never change: projects by name and job versions by
/// number (versions are immutable), so a busy agent asks the server once, not once per run.
public actor LookupCache {
    private var projects: [String: Project] = [:]
    private var versions: [String: JobVersion] = [:]

    public init() {}

    func project(entity: String, named name: String, client: SwoopClient) async throws -> Project {
        let key = entity + "/" + name
        if let p = projects[key] { return p }
        let p = try await client.project(entity: entity, named: name)
        projects[key] = p
        return p
    }

    func jobVersion(job: JobID, version: Int, client: SwoopClient) async throws -> JobVersion {
        let key = "\(job.rawValue):\(version)"
        if let v = versions[key] { return v }
        let v = try await client.resolveJobVersion(job: job, alias: "v\(version)")
        versions[key] = v
        return v
    }
}
