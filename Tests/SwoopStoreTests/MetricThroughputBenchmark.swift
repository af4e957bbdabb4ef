import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// Measures batched metric writes (the ≥ 50,000 points/s target on SQLite). It asserts only what was
/// stored, never a speed: it runs when `SWOOP_STORE_BENCH` is set and prints the rate it saw.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SWOOP_STORE_BENCH"] != nil))
struct MetricThroughputBenchmark {
    @Test(arguments: Backend.all)
    func batchedMetricPoints(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            let keys = (0..<10).map { "metric_\($0)" }
            let batches = 100, stepsPerBatch = 100
            let started = ContinuousClock.now
            var total = 0
            for b in 0..<batches {
                let points = (0..<stepsPerBatch).map { s in
                    MetricPoint(step: Int64(b * stepsPerBatch + s), values: Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.double(Double(s) * 0.5)) }))
                }
                total += try await store.appendMetrics(run: run.id, batch: MetricBatch(points: points), now: Seed.t0).inserted
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            #expect(total == batches * stepsPerBatch * keys.count)
            print("metric throughput \(backend): \(total) points in \(String(format: "%.2f", seconds)) s = \(Int(Double(total) / seconds)) points/s")
        }
    }
}
