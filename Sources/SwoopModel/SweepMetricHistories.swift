/// New metric values of several runs of a sweep, each read from the cursor the caller passed for it
/// (the scheduler keeps one cursor per run and sends them all in one call).
public struct SweepMetricHistories: Sendable, Codable, Hashable {
    /// Keyed by run id.
    public var histories: [String: MetricHistory]
    public init(histories: [String: MetricHistory]) { self.histories = histories }
}
