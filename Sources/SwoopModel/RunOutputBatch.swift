/// One run's pending output in an agent's batched send: log text to append at the log's byte offset, and
/// metric points with the idempotency key that makes resending them safe.
public struct RunOutputBatch: Sendable, Codable, Hashable {
    public var run: RunID
    public var logOffset: Int64
    public var log: String
    public var points: [MetricPoint]
    public var idempotencyKey: String?

    public init(run: RunID, logOffset: Int64, log: String, points: [MetricPoint], idempotencyKey: String?) {
        self.run = run; self.logOffset = logOffset; self.log = log; self.points = points; self.idempotencyKey = idempotencyKey
    }

    /// Most runs one request may carry.
    public static let maxRuns = 200
}
