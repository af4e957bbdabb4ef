import Foundation
import SwoopModel
import SwoopStore

/// A large sweep written through the store API (realistic configs, summaries and states, some metric
/// histories, a scheduler log), and the store calls the web pages make to read it back.
struct WebReportSeed: Sendable {
    var sweep: SweepID
    var historyRun: RunID

    static let optimizers = ["adam", "adamw", "sgd", "rmsprop"]
    static let batchSizes = [16, 32, 64, 128, 256]

    static let config: JSONValue = [
        "method": "random",
        "metric": ["name": "val_loss", "goal": "minimize"],
        "run_cap": 10_000,
        "parameters": [
            "learning_rate": ["distribution": "log_uniform_values", "min": 0.00001, "max": 0.1],
            "batch_size": ["values": [16, 32, 64, 128, 256]],
            "optimizer": ["values": ["adam", "adamw", "sgd", "rmsprop"]],
            "dropout": ["distribution": "uniform", "min": 0.0, "max": 0.5],
            "layers": ["distribution": "int_uniform", "min": 1, "max": 12],
            "weight_decay": ["distribution": "log_uniform_values", "min": 0.000001, "max": 0.01],
            "epochs": ["value": 20],
        ],
    ]

    /// SplitMix64, so the sweep is the same on every run of the benchmark.
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    static func build(_ store: any Store, runs count: Int, historyRuns: Int, historySteps: Int) async throws -> WebReportSeed {
        let t0 = Date(timeIntervalSinceNow: -Double(count) * 60)
        let entity = try await store.createEntity(name: "bench", kind: .team, now: t0)
        let project = try await store.createProject(entity: entity.id, name: "web-report", now: t0)
        let sweep = try await store.createSweep(project: project.id, name: "10k-run sweep", config: config, queue: nil, priority: .medium, now: t0)
        _ = try await store.transitionSweep(id: sweep.id, to: .running, now: t0)
        let scheduler = try await store.createRun(id: RunID(sweep.id.rawValue), project: project.id, sweep: nil, name: "scheduler",
                                                  config: [:], now: t0)
        var offset: Int64 = 0
        for chunk in 0..<20 {
            let text = (0..<100).map { "2026-11-29T06:00:00Z scheduler: launched run \(chunk * 100 + $0) (queue default, priority medium)\n" }.joined()
            offset = try await store.appendLog(run: scheduler.id, offset: offset, text: text, now: t0)
        }
        // Writers in parallel: SQLite serializes the commits, the tasks overlap the rest.
        let workers = 4
        let ids = try await withThrowingTaskGroup(of: [RunID].self) { group in
            for w in 0..<workers {
                group.addTask {
                    var made: [RunID] = []
                    var rng = Random(state: UInt64(w) &* 7919 &+ 1)
                    for i in stride(from: w, to: count, by: workers) {
                        made.append(try await writeRun(store, project: project.id, sweep: sweep.id, index: i, count: count,
                                                       t0: t0, rng: &rng))
                        if i % 1000 == 0 { Log.line("web-report: \(i) runs written") }
                    }
                    return made
                }
            }
            var all: [RunID] = []
            for try await made in group { all += made }
            return all.sorted()
        }
        for id in ids.prefix(historyRuns) {
            let points = (0..<historySteps).map { s in MetricPoint(step: Int64(s), values: historyValues(step: Double(s))) }
            _ = try await store.appendMetrics(run: id, batch: MetricBatch(points: points), now: t0)
        }
        return WebReportSeed(sweep: sweep.id, historyRun: ids.first!)
    }

    static func historyValues(step s: Double) -> [String: JSONValue] {
        let train: Double = 2 * exp(-s / 40) + 0.05 * sin(s)
        let val: Double = 2.2 * exp(-s / 50) + 0.1
        let accuracy: Double = 1 - exp(-s / 30)
        let lr: Double = 0.001 * pow(0.99, s)
        return ["train_loss": .double(train), "val_loss": .double(val), "accuracy": .double(accuracy), "lr": .double(lr)]
    }

    private static func writeRun(_ store: any Store, project: ProjectID, sweep: SweepID, index i: Int, count: Int, t0: Date,
                                 rng: inout Random) async throws -> RunID {
        let lr = pow(10, -5 + 4 * rng.next())
        let batch = batchSizes[Int(rng.next() * 5) % 5]
        let opt = optimizers[Int(rng.next() * 4) % 4]
        let dropout = 0.5 * rng.next()
        let layers = 1 + Int(rng.next() * 12) % 12
        let wd = pow(10, -6 + 4 * rng.next())
        let config: JSONValue = ["learning_rate": .double(lr), "batch_size": .int(batch), "optimizer": .string(opt),
                                 "dropout": .double(dropout), "layers": .int(layers), "weight_decay": .double(wd), "epochs": 20]
        let created = t0.addingTimeInterval(Double(i) * 60)
        let run = try await store.createRun(id: nil, project: project, sweep: sweep, name: "run-\(i)", config: config, now: created)
        let roll = rng.next()
        // The last runs are still going; the rest finish, fail, crash or are stopped early.
        if i >= count - max(1, count / 50) {
            _ = try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, now: created.addingTimeInterval(5))
            return run.id
        }
        _ = try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, now: created.addingTimeInterval(5))
        let end = created.addingTimeInterval(30 + 600 * rng.next())
        let valLoss = 0.2 + 0.3 * pow(log10(lr) + 2.7, 2) / 4 + 0.02 * Double(abs(layers - 6)) + 0.1 * dropout
            + (opt == "sgd" ? 0.08 : 0) + 0.03 * rng.next()
        let summary: JSONValue = ["val_loss": .double(valLoss), "train_loss": .double(valLoss * 0.8), "accuracy": .double(max(0, 1 - valLoss)),
                                  "epoch": 20, "_runtime": .double(end.timeIntervalSince(created)), "_step": 2000]
        if roll < 0.05 {
            _ = try await store.transitionRun(id: run.id, to: .failed, exitCode: 1, errorMessage: "CUDA out of memory", now: end)
        } else if roll < 0.08 {
            _ = try await store.transitionRun(id: run.id, to: .crashed, exitCode: nil, errorMessage: "lease expired", now: end)
        } else {
            _ = try await store.setSummary(run: run.id, summary: summary, now: end)
            _ = try await store.transitionRun(id: run.id, to: roll < 0.13 ? .stopped : .finished, exitCode: 0, errorMessage: nil, now: end)
        }
        return run.id
    }

    /// The sweep page's store calls: the sweep without its scheduler state, every run by change cursor,
    /// and the tail of the scheduler's log (the run whose id is the sweep id).
    static func loadSweepPage(_ store: any Store, _ id: SweepID) async throws -> (Sweep, [Run], String) {
        let sweep = try await store.sweepWithoutState(id: id)
        var byID: [RunID: Run] = [:]
        var order: [RunID] = []
        var cursor: Int64 = 0
        while true {
            let page = try await store.runs(sweep: id, sinceCursor: cursor, limit: 10_000)
            if page.runs.isEmpty || page.nextCursor == cursor { break }
            for run in page.runs {
                if byID.updateValue(run, forKey: run.id) == nil { order.append(run.id) }
            }
            cursor = page.nextCursor
        }
        return (sweep, order.map { byID[$0]! }, try await logTail(store, RunID(id.rawValue)))
    }

    static func logTail(_ store: any Store, _ run: RunID, bytes: Int64 = 64 * 1024) async throws -> String {
        guard let r = try? await store.run(id: run) else { return "" }
        let page = try await store.logs(run: run, from: max(0, r.logSize - bytes), limit: 1000)
        return page.chunks.map(\.text).joined()
    }

    /// The run page's store calls: the run, its whole history by cursor, its log tail.
    static func loadRunPage(_ store: any Store, _ id: RunID) async throws -> (Run, [MetricPoint], String) {
        let run = try await store.run(id: id)
        var points: [MetricPoint] = []
        var cursor: Int64 = 0
        while true {
            let page = try await store.metrics(run: id, since: cursor, limit: 10_000)
            points += page.points
            if page.points.isEmpty || page.nextCursor == cursor { break }
            cursor = page.nextCursor
        }
        return (run, points, try await logTail(store, id))
    }
}
