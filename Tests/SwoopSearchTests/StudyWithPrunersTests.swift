import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

/// `scheduler.settings.pruner` through `SearchMethods`, `Study.report` and the optimize session.
@Suite("Study with Optuna pruners")
struct StudyWithPrunersTests {
    static func config(_ pruner: JSONValue, goal: String = "minimize", extra: [String: JSONValue] = [:]) throws -> SweepConfig {
        var doc: [String: JSONValue] = ["method": "random", "metric": ["name": "loss", "goal": .string(goal)],
                                        "parameters": ["x": ["min": 0.0, "max": 1.0]],
                                        "scheduler": ["settings": ["pruner": pruner]]]
        for (k, v) in extra { doc[k] = v }
        let r = SweepConfigLoader.parse(document: .object(doc), file: nil)
        return try #require(r.config, "\(r.diagnostics)")
    }

    @Test func searchMethodsBuildsEachConfiguredPruner() throws {
        func built(_ pruner: JSONValue) throws -> any Pruner {
            try #require(try SearchMethods.pruner(for: try Self.config(pruner)))
        }
        #expect(try built(["type": "NopPruner"]) is NopPruner)
        let median = try #require(try built(["type": "MedianPruner", "args": ["n_warmup_steps": 3]]) as? MedianPruner)
        #expect(median.percentilePruner.nWarmupSteps == 3 && median.percentilePruner.percentile == 50)
        #expect(median.percentilePruner.nStartupTrials == 5)
        let percentile = try #require(try built(["type": "PercentilePruner", "args": ["percentile": 10]]) as? PercentilePruner)
        #expect(percentile.percentile == 10 && percentile.goal == .minimize)
        let halving = try #require(try built(["type": "SuccessiveHalvingPruner"]) as? SuccessiveHalvingPruner)
        #expect(halving.minResource == .auto && halving.reductionFactor == 4)
        let hyperband = try #require(try built(["type": "HyperbandPruner", "args": ["max_resource": 81]]) as? OptunaHyperbandPruner)
        #expect(hyperband.maxResource == .steps(81) && hyperband.reductionFactor == 3 && hyperband.minResource == 1)
        let threshold = try #require(try built(["type": "ThresholdPruner", "args": ["lower": 0.1]]) as? ThresholdPruner)
        #expect(threshold.lower == 0.1 && threshold.upper == .infinity)
        let patient = try #require(try built(["type": "PatientPruner", "args": [
            "patience": 2, "wrapped_pruner": ["type": "ThresholdPruner", "args": ["upper": 3]]]]) as? PatientPruner)
        #expect(patient.patience == 2 && patient.wrapped is ThresholdPruner)
        let maximize = try SearchMethods.pruner(for: try Self.config(["type": "PercentilePruner", "args": ["percentile": 10]],
                                                                     goal: "maximize"))
        #expect((maximize as? PercentilePruner)?.goal == .maximize)
    }

    @Test func earlyTerminateStaysWandbHyperband() throws {
        let r = SweepConfigLoader.parse(document: ["method": "random", "metric": ["name": "loss"],
                                                   "parameters": ["x": ["min": 0.0, "max": 1.0]],
                                                   "early_terminate": ["type": "hyperband", "min_iter": 3]], file: nil)
        let config = try #require(r.config)
        #expect(try SearchMethods.pruner(for: config) is HyperbandPruner)
        // Built in code with both, W&B's hyperband wins (the validator refuses both in a file).
        var both = config
        both.pruner = .nop
        #expect(try SearchMethods.pruner(for: both) is HyperbandPruner)
        var neither = config
        neither.earlyTerminate = nil
        #expect(try SearchMethods.pruner(for: neither) == nil)
    }

    @Test func codeBuiltSettingsAreCheckedToo() throws {
        var config = try Self.config(["type": "NopPruner"])
        config.pruner = .percentile(150)
        #expect(throws: SearchError("Percentile must be between 0 and 100 inclusive but got 150.0.")) {
            try SearchMethods.pruner(for: config)
        }
        config.pruner = .patient(wrapped: .threshold(), patience: 1)
        #expect(throws: SearchError("Either lower or upper must be specified.")) { try SearchMethods.pruner(for: config) }
        config.pruner = .nop
        config.metric = nil
        #expect(throws: SearchError.self) { try SearchMethods.pruner(for: config) }
    }

    @Test func studyReportAsksTheMedianPruner() throws {
        var study = try SearchMethods.study(for: try Self.config(["type": "MedianPruner", "args": ["n_startup_trials": 1]]),
                                            seed: 3)
        _ = try study.ask()
        _ = try study.ask()
        // Nothing completed yet: no pruning, however bad.
        #expect(try study.report(1, step: 0, value: 50) == false)
        for (step, v) in [1.0, 0.9, 0.8].enumerated() {
            #expect(try study.report(0, step: step, value: v) == false)
        }
        try study.tell(0, value: 0.8)
        // Trial 1 at step 1: best so far 0.5 beats the median 0.9.
        #expect(try study.report(1, step: 1, value: 0.5) == false)
        _ = try study.ask()
        #expect(try study.report(2, step: 0, value: 3.0) == true)
        // A repeated step keeps its first value, as in Optuna.
        #expect(try study.report(2, step: 0, value: 0.1) == true)
        #expect(study.trials[2].state == .running)
    }

    @Test func studyReportAsksTheThresholdPrunerWithMaximize() throws {
        var study = try SearchMethods.study(for: try Self.config(["type": "ThresholdPruner", "args": ["lower": 0.2]],
                                                                 goal: "maximize"), seed: 1)
        _ = try study.ask()
        #expect(try study.report(0, step: 0, value: 0.5) == false)
        #expect(try study.report(0, step: 1, value: .nan) == true)
        #expect(try study.report(0, step: 2, value: 0.1) == true)
    }

    @Test func hyperbandBracketsFollowTheStudySeed() throws {
        let config = try Self.config(["type": "HyperbandPruner", "args": ["max_resource": 27]])
        func brackets(seed: UInt64) throws -> [Int] {
            let pruner = try #require(try SearchMethods.pruner(for: config, seed: seed) as? OptunaHyperbandPruner)
            let budgets = OptunaHyperbandPruner.budgets(bracketCount: 4, reductionFactor: 3)
            return (0..<64).map { pruner.bracket(of: $0, budgets: budgets) }
        }
        #expect(try brackets(seed: 5) == brackets(seed: 5))
        #expect(try brackets(seed: 5) != brackets(seed: 6))
    }

    @Test func optimizeSessionAnswersReportsWithThePruner() throws {
        let study = try SearchMethods.study(for: try Self.config(["type": "PatientPruner", "args": ["patience": 1]]), seed: 2)
        var session = OptimizeSession(study: study)
        let lines = [
            #"{"op":"ask"}"#,
            #"{"op":"report","trial":0,"step":0,"value":1.0}"#,
            #"{"op":"report","trial":0,"step":1,"value":0.5}"#,
            #"{"op":"report","trial":0,"step":2,"value":0.7}"#,
            #"{"op":"report","trial":0,"step":3,"value":0.6}"#,
        ]
        let answers = lines.map { session.answer($0) }
        #expect(answers == [answers[0], #"{"prune":false}"#, #"{"prune":false}"#, #"{"prune":false}"#, #"{"prune":true}"#])
        _ = session.takeDiagnostics()
        // Optuna warns when it ignores a report; so does the session, on standard error.
        #expect(session.answer(#"{"op":"report","trial":0,"step":1,"value":0.1}"#) == #"{"prune":true}"#)
        #expect(session.takeDiagnostics()
            == ["trial 0: step 1 was already reported; the pruner keeps the first value, 0.5, as Optuna does"])
        #expect(session.answer(#"{"op":"report","trial":0,"step":-2,"value":0.1}"#) == #"{"prune":true}"#)
        #expect(session.takeDiagnostics().first?.contains("step -2 is negative; the pruner ignores it") == true)
        #expect(session.answer(#"{"op":"report","trial":0,"step":4,"value":0.1}"#) == #"{"prune":false}"#)
        #expect(session.takeDiagnostics().isEmpty)
    }
}
