/// A slice of a run's metric history in write order, with the cursor to read the rest from.
/// Values of one step written one after another form one point; a step written again after other
/// steps (a late value) appears again with just the late keys.
public struct MetricHistory: Sendable, Codable, Hashable {
    public var points: [MetricPoint]
    public var nextCursor: Int64

    public init(points: [MetricPoint], nextCursor: Int64) {
        self.points = points; self.nextCursor = nextCursor
    }
}
