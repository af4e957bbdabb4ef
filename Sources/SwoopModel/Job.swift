import Foundation

/// A named, versioned training (or scheduler) job in a project, referenced as `entity/project/name:alias`.
public struct Job: Sendable, Codable, Hashable {
    public var id: JobID
    public var projectID: ProjectID
    public var name: String
    /// The newest version number; `-1` while the job has no version yet.
    public var latestVersion: Int
    public var createdAt: Date

    public init(id: JobID, projectID: ProjectID, name: String, latestVersion: Int, createdAt: Date) {
        self.id = id; self.projectID = projectID; self.name = name; self.latestVersion = latestVersion; self.createdAt = createdAt
    }
}
