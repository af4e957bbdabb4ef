import Foundation
import SwoopConfig
import SwoopModel
import SwoopScheduler

/// Builds configurations, cores and run values for the pure decision tests.
enum CoreFixture {
    /// Six grid points (a × b), two workers.
    static let grid = """
        method: grid
        metric: {name: loss}
        parameters:
          a: {values: [1, 2, 3]}
          b: {values: [x, y]}
        scheduler: {num_workers: 2}
        image_uri: trainer:1

        """

    /// Five points in flight under W&B hyperband with bands [1, 2] (max_iter 5, s 2, eta 2).
    static let hyperband = """
        method: grid
        metric: {name: loss}
        early_terminate: {type: hyperband, max_iter: 5, s: 2, eta: 2}
        parameters: {a: {values: [1, 2, 3, 4, 5]}}
        image_uri: i
        scheduler: {num_workers: 5}
        """

    static func config(_ yaml: String) throws -> SweepConfig {
        let result = SweepConfigLoader.parse(Array(yaml.utf8), file: "test.yaml")
        guard let c = result.config else { throw SchedulerError(result.errors.map(\.description).joined(separator: "; ")) }
        return c
    }

    static func core(_ yaml: String, saved: JSONValue? = nil, settings: LifeSettings = LifeSettings(), sweepID: String = "sw1") throws -> SchedulerCore<StudyScheduler> {
        var book = try SchedulerBook.decode(saved, seed: 7)
        if saved == nil { book.settings = settings }
        return try core(yaml, book: book, sweepID: sweepID)
    }

    /// A core over a book read back from the server (`SchedulerBook.load`).
    static func core(_ yaml: String, book: SchedulerBook, sweepID: String = "sw1") throws -> SchedulerCore<StudyScheduler> {
        let c = try config(yaml)
        let scheduler = try StudyScheduler(config: c, seed: book.seed, saved: book.method)
        return SchedulerCore(scheduler: scheduler, book: book, plan: SweepPlan(config: c, settings: book.settings), sweepID: sweepID)
    }

    static func run(_ id: String, name: String?, state: RunState, summary: JSONValue = [:], config: JSONValue = [:],
                    error: String? = nil) -> Run {
        Run(id: RunID(id), projectID: ProjectID("p1"), sweepID: SweepID("sw1"), name: name, config: config, state: state,
            summary: summary, exitCode: nil, errorMessage: error, changeCursor: 0, logSize: 0,
            createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0), startedAt: nil, endedAt: nil)
    }

    static func history(_ values: [Double], metric: String = "loss", from step: Int = 0, cursor: Int64? = nil) -> MetricHistory {
        MetricHistory(points: values.enumerated().map { MetricPoint(step: Int64(step + $0.offset), values: [metric: .double($0.element)]) },
                      nextCursor: cursor ?? Int64(step + values.count))
    }

    /// Launches every trial `next` hands out (binding run ids r0, r1, ...) until it says something else.
    static func launchAll(_ core: inout SchedulerCore<StudyScheduler>, state: SweepState = .running) -> (launched: [TrialRecord], then: SchedulerStep) {
        var launched: [TrialRecord] = []
        while true {
            let step = core.next(sweepState: state)
            guard case .launch(let record) = step else { return (launched, step) }
            core.bind(trial: record.number, run: RunID("r\(record.number)"))
            launched.append(record)
        }
    }
}
