import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwoopModel

/// Jobs, versions, aliases and code artifacts.
extension SwoopClient {
    public func createJob(project: ProjectID, name: String) async throws -> Job {
        try await call(.POST, "/api/v1/projects/\(project)/jobs", json: ["name": .string(name)])
    }
    public func listJobs(project: ProjectID, page: PageRequest = .first) async throws -> Page<Job> {
        try await call(.GET, "/api/v1/projects/\(project)/jobs", query: Self.paging(page))
    }
    public func job(id: JobID) async throws -> Job { try await call(.GET, "/api/v1/jobs/\(id)") }
    public func addJobVersion(
        job: JobID, sourceKind: JobSourceKind, entryPoint: [String], artifactDigest: String? = nil, metadata: JSONValue? = nil
    ) async throws -> JobVersion {
        try await publishJobVersion(
            job: job, sourceKind: sourceKind, entryPoint: entryPoint, artifactDigest: artifactDigest, metadata: metadata
        ).version
    }
    /// Adds a version unless an identical one exists (then `latest` moves to it); `created` tells which.
    public func publishJobVersion(
        job: JobID, sourceKind: JobSourceKind, entryPoint: [String], artifactDigest: String? = nil, metadata: JSONValue? = nil
    ) async throws -> (version: JobVersion, created: Bool) {
        let response = try await send(.POST, "/api/v1/jobs/\(job)/versions", json: Self.object([
            ("sourceKind", .string(sourceKind.rawValue)), ("entryPoint", .array(entryPoint.map { .string($0) })),
            ("artifactDigest", artifactDigest.map { .string($0) }), ("metadata", metadata),
        ]))
        do {
            return (try APICoding.decode(JobVersion.self, from: response.body), response.status == 201)
        } catch {
            throw SwoopClientError.badResponse(status: response.status, reason: "\(error)")
        }
    }
    public func listJobVersions(job: JobID, page: PageRequest = .first) async throws -> Page<JobVersion> {
        try await call(.GET, "/api/v1/jobs/\(job)/versions", query: Self.paging(page))
    }
    public func resolveJobVersion(job: JobID, alias: String) async throws -> JobVersion {
        try await call(.GET, "/api/v1/jobs/\(job)/versions/\(Self.segment(alias))")
    }
    public func setJobAlias(job: JobID, alias: String, version: Int) async throws -> JobAlias {
        try await call(.PUT, "/api/v1/jobs/\(job)/aliases/\(Self.segment(alias))", json: ["version": .int(version)])
    }
    public func listJobAliases(job: JobID) async throws -> [JobAlias] {
        try await call(.GET, "/api/v1/jobs/\(job)/aliases")
    }
    /// Resolves a job reference (`entity/project/name[:alias]`; missing parts come from `entity`/`project`).
    public func resolveJob(reference: String, entity: String? = nil, project: String? = nil) async throws -> JobVersion {
        let parsed: JobReference
        do { parsed = try JobReference(parsing: reference) } catch {
            throw SwoopClientError.invalidArgument("\(error)")
        }
        guard let e = parsed.entity ?? entity, let p = parsed.project ?? project else {
            throw SwoopClientError.invalidArgument("job reference '\(reference)' needs an entity and a project")
        }
        let ref = SwoopClient.segment(parsed.name + ":" + parsed.alias)
        return try await call(.GET, "/api/v1/names/\(Self.segment(e))/\(Self.segment(p))/jobs/\(ref)")
    }

    /// Uploads a code artifact; returns its content address.
    public func uploadBlob(_ data: Data) async throws -> BlobReceipt {
        try await call(.PUT, "/api/v1/blobs/sha256:\(SHA256.hex(data))", raw: data)
    }
    public func downloadBlob(digest: String) async throws -> Data {
        try await send(.GET, "/api/v1/blobs/\(digest)").body
    }
}
