/// The metric values a run logged at one step (`{"loss": 0.3, "acc": 0.9}`).
public struct MetricPoint: Sendable, Codable, Hashable {
    public var step: Int64
    public var values: [String: JSONValue]

    public init(step: Int64, values: [String: JSONValue]) {
        self.step = step; self.values = values
    }

    /// Each (step, key) value counts as one point toward the throughput target.
    public var pointCount: Int { values.count }
}
