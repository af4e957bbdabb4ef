/// Metric rows sent together; a retried batch with the same `idempotencyKey` is accepted once.
public struct MetricBatch: Sendable, Codable, Hashable {
    public var points: [MetricPoint]
    public var idempotencyKey: String?

    public init(points: [MetricPoint], idempotencyKey: String? = nil) {
        self.points = points; self.idempotencyKey = idempotencyKey
    }
}
