import Foundation

/// One immutable version of a job (`v0`, `v1`, ... as W&B numbers artifact versions).
public struct JobVersion: Sendable, Codable, Hashable {
    public var jobID: JobID
    public var version: Int
    public var sourceKind: JobSourceKind
    /// The command that starts the job, already split into arguments.
    public var entryPoint: [String]
    /// SHA-256 of the code artifact blob in the data folder (`code` jobs).
    public var artifactDigest: String?
    /// Kind-specific details: image name, git remote and commit, requirements, input schema.
    public var metadata: JSONValue
    public var createdAt: Date

    public init(
        jobID: JobID, version: Int, sourceKind: JobSourceKind, entryPoint: [String], artifactDigest: String?,
        metadata: JSONValue, createdAt: Date
    ) {
        self.jobID = jobID; self.version = version; self.sourceKind = sourceKind; self.entryPoint = entryPoint
        self.artifactDigest = artifactDigest; self.metadata = metadata; self.createdAt = createdAt
    }

    /// The alias every version answers to.
    public var versionAlias: String { "v\(version)" }
}
