/// How a request's metric points are laid out: `keys` values per step, `steps` steps, starting at a step
/// no earlier request of the same writer used (so every point is a new row, never an ignored repeat).
struct MetricShape: Sendable {
    var pointsPerRequest: Int
    var keys: Int { min(10, pointsPerRequest) }
    var steps: Int { max(1, pointsPerRequest / keys) }

    func firstStep(iteration: Int) -> Int { iteration * steps }

    static func key(_ k: Int) -> String { "metric_\(k)" }

    /// A deterministic value with a short decimal form, the same for Swoop and MLflow.
    static func value(step: Int, key: Int) -> Double { Double((step &* 7 &+ key) % 1000) / 1000 + 0.5 }
}
