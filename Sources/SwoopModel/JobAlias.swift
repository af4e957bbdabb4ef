/// A movable name for one job version (`latest`, `prod`); `vN` aliases are implicit and never stored.
public struct JobAlias: Sendable, Codable, Hashable {
    public var jobID: JobID
    public var alias: String
    public var version: Int

    public init(jobID: JobID, alias: String, version: Int) {
        self.jobID = jobID; self.alias = alias; self.version = version
    }

    /// The alias that always follows the newest version.
    public static let latest = "latest"

    /// The version number of a `vN` alias, nil for other aliases.
    public static func versionNumber(of alias: String) -> Int? {
        guard alias.hasPrefix("v"), alias.count > 1 else { return nil }
        return Int(alias.dropFirst())
    }
}
