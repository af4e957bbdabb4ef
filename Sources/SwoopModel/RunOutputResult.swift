/// What became of one run's output in a batched send: the metrics stored (or already stored under their key),
/// the log's new size, or the error that stopped it (with its HTTP status, e.g. 409 when the log moved on).
public struct RunOutputResult: Sendable, Codable, Hashable {
    public var run: RunID
    public var metricsStored: Bool
    /// The log's size after the append; nil when there was no text or the append failed.
    public var logSize: Int64?
    public var status: Int?
    public var error: APIErrorBody.Detail?

    public init(run: RunID, metricsStored: Bool, logSize: Int64?, status: Int? = nil, error: APIErrorBody.Detail? = nil) {
        self.run = run; self.metricsStored = metricsStored; self.logSize = logSize; self.status = status; self.error = error
    }
}
