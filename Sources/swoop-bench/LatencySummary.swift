/// Percentiles of a set of request latencies, in milliseconds.
struct LatencySummary: Codable, Sendable, Equatable {
    var count: Int
    var p50: Double
    var p90: Double
    var p99: Double
    var max: Double
    var mean: Double

    /// Nearest-rank percentiles (p99 of 100 samples is the 99th smallest); all zero for no samples.
    init(millis: [Double]) {
        let sorted = millis.sorted()
        count = sorted.count
        guard !sorted.isEmpty else {
            p50 = 0; p90 = 0; p99 = 0; max = 0; mean = 0
            return
        }
        func rank(_ q: Double) -> Double {
            let index = Int((q * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.min(Swift.max(index, 0), sorted.count - 1)]
        }
        p50 = rank(0.50); p90 = rank(0.90); p99 = rank(0.99)
        max = sorted[sorted.count - 1]
        mean = sorted.reduce(0, +) / Double(sorted.count)
    }
}
