import Foundation
import SwoopModel

/// Flattening metric batches into (step, key) rows and folding rows back into points, shared by both stores.
enum MetricRules {
    /// One stored row per value, in batch order with keys sorted, so seq order is deterministic.
    struct Row: Sendable {
        let step: Int64
        let key: String
        let value: String
    }

    static func rows(_ batch: MetricBatch) throws -> [Row] {
        var out: [Row] = []
        out.reserveCapacity(batch.points.reduce(0) { $0 + $1.values.count })
        for p in batch.points {
            guard p.step >= 0 else { throw StoreError.invalid(field: "step", reason: "must be >= 0, got \(p.step)") }
            for key in p.values.keys.sorted() {
                guard !key.isEmpty, key.utf8.count <= 256 else {
                    throw StoreError.invalid(field: "metric key", reason: "must be 1 to 256 bytes")
                }
                out.append(Row(step: p.step, key: key, value: JSONText.render(p.values[key]!)))
            }
        }
        return out
    }

    /// Rows (seq, step, key, value) in seq order; consecutive rows of one step make one point.
    static func history(_ rows: [SQLRow], since cursor: Int64) throws -> MetricHistory {
        var points: [MetricPoint] = []
        var last = cursor
        for r in rows {
            let seq = try r.int64(0), step = try r.int64(1), key = try r.string(2), value = try r.json(3)
            if let tail = points.last, tail.step == step {
                points[points.count - 1].values[key] = value
            } else {
                points.append(MetricPoint(step: step, values: [key: value]))
            }
            last = seq
        }
        return MetricHistory(points: points, nextCursor: last)
    }
}
