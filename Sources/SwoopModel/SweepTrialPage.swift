/// Trial rows of a sweep in number order, from `GET /api/v1/sweeps/{sweep}/trials`.
public struct SweepTrialPage: Sendable, Codable, Hashable {
    public var trials: [SweepTrial]
    /// Pass back as `after` for the next page; nil when this page is the last.
    public var nextAfter: Int?

    public init(trials: [SweepTrial], nextAfter: Int?) {
        self.trials = trials; self.nextAfter = nextAfter
    }
}
