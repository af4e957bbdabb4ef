/// Where a job's code comes from: a stored code artifact, a pre-built image, or a git commit.
public enum JobSourceKind: String, Sendable, Codable, CaseIterable {
    case code, image, git
}
