/// The runs, among those an agent asked about, that someone asked to stop: one poll for all of an agent's runs.
public struct StopRequests: Sendable, Codable, Hashable {
    public var runs: [RunID]
    public init(runs: [RunID]) { self.runs = runs }
    /// Most run ids one request may ask about (the ids travel in the query string).
    public static let maxRuns = 200
}
