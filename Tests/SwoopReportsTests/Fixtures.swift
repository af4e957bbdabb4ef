import Foundation
import SwoopModel
@testable import SwoopReports

/// Sweeps and runs built in memory for the rendering tests (the reports take plain values, no store).
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func sweep(_ config: JSONValue, name: String? = "sweep <one>") -> Sweep {
        Sweep(id: "sw1", projectID: "p1", name: name, config: config, state: .running, schedulerState: nil,
              schedulerStateVersion: 0, queueID: nil, priority: .medium, createdAt: t0, updatedAt: t0)
    }

    static func run(_ i: Int, config: JSONValue, summary: JSONValue, state: RunState = .finished, name: String? = nil) -> Run {
        let created = t0.addingTimeInterval(Double(i))
        return Run(id: RunID("r\(i)"), projectID: "p1", sweepID: "sw1", name: name ?? "run-\(i)", config: config,
                   state: state, summary: summary, exitCode: state == .finished ? 0 : nil, errorMessage: nil,
                   changeCursor: Int64(i), logSize: 0, createdAt: created, updatedAt: created.addingTimeInterval(30),
                   startedAt: created.addingTimeInterval(1), endedAt: state.isTerminal ? created.addingTimeInterval(30) : nil)
    }

    /// A random-search config over lr (log), layers (int), optimizer (categorical) minimizing loss.
    static let config: JSONValue = [
        "method": "random",
        "metric": ["name": "loss", "goal": "minimize"],
        "run_cap": 100,
        "parameters": [
            "lr": ["distribution": "log_uniform_values", "min": 0.0001, "max": 0.1],
            "layers": ["distribution": "int_uniform", "min": 1, "max": 8],
            "optimizer": ["values": ["adam", "sgd", "<rms&prop>"]],
            "epochs": ["value": 10],
        ],
    ]
}
