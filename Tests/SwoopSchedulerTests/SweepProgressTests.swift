import Foundation
import SwoopConfig
import SwoopModel
import SwoopScheduler
import Testing

/// The live line of `swoop sweep CONFIG`, from statuses built by hand.
struct SweepProgressTests {
    static func config(_ yaml: String) throws -> SweepConfig {
        let r = SweepConfigLoader.parse(Array(yaml.utf8), file: "t.yaml")
        return try #require(r.config, "\(r.diagnostics)")
    }

    static func run(_ n: Int, _ state: RunState) -> Run {
        Run(id: RunID("s-\(n)"), projectID: ProjectID("p"), sweepID: SweepID("s"), name: nil, config: [:], state: state,
            summary: [:], exitCode: nil, errorMessage: nil, changeCursor: 0, logSize: 0, createdAt: Date(timeIntervalSince1970: 0),
            updatedAt: Date(timeIntervalSince1970: 0), startedAt: nil, endedAt: nil, stopRequestedAt: nil)
    }

    static func sweep() -> Sweep {
        Sweep(id: SweepID("s"), projectID: ProjectID("p"), name: nil, config: [:], state: .running, schedulerState: nil,
              schedulerStateVersion: 0, queueID: nil, priority: .medium, createdAt: Date(), updatedAt: Date())
    }

    @Test func totalIsRunCapGridSizeOrTheSmaller() throws {
        let grid = "method: grid\nparameters: {a: {values: [1, 2, 3]}, b: {values: [x, y]}}\n"
        #expect(SweepProgress.total(try Self.config(grid)) == 6)
        #expect(SweepProgress.total(try Self.config(grid + "run_cap: 4\n")) == 4)
        #expect(SweepProgress.total(try Self.config(grid + "run_cap: 40\n")) == 6)
        #expect(SweepProgress.total(try Self.config("method: random\nrun_cap: 7\nparameters: {a: {min: 0.0, max: 1.0}}\n")) == 7)
        #expect(SweepProgress.total(try Self.config("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\n")) == nil)
        #expect(SweepProgress.total(nil) == nil)
    }

    @Test func lineShowsBarStatesAndBest() throws {
        let runs = [Self.run(1, .finished), Self.run(2, .stopped), Self.run(3, .running), Self.run(4, .queued)]
        var status = SchedulerStatus(sweep: Self.sweep(), runs: runs, metric: "loss", maximize: false, total: 8)
        var p = SweepProgress(status: status, metric: "loss")
        #expect(p.ended == 2)
        #expect(p.line(width: 8) == "[##......] 2/8  queued 1, running 1, finished 1, stopped 1")
        status.best = 0.25
        status.bestConfig = ["lr": 0.001, "act": "tanh", "layers": 3, "flag": true]
        p = SweepProgress(status: status, metric: "loss")
        #expect(p.bestText == "best loss 0.25 (act=tanh, flag=true, layers=3, lr=0.001)")
        status.total = nil
        #expect(SweepProgress(status: status, metric: "loss").bar() == "2 runs ended")
        let none = SchedulerStatus(sweep: Self.sweep(), runs: [], metric: nil, maximize: false, total: 3)
        #expect(SweepProgress(status: none, metric: nil).line(width: 3) == "[...] 0/3  no runs yet")
    }

    @Test func numbersAreShortAndExact() {
        #expect(SweepProgress.number(1) == "1")
        #expect(SweepProgress.number(0.0512929183) == "0.0512929")
        #expect(SweepProgress.number(6.26713e-05) == "6.26713e-05")
        #expect(SweepProgress.number(1234567) == "1.23457e+06")
        #expect(SweepProgress.parameters([:]) == "no parameters")
    }
}
