import Foundation
import SwoopModel
import Testing

/// `swoop optimize` with Optuna pruners from `scheduler.settings.pruner`, driven as a real process.
@Suite struct OptimizePrunerProcessTests {
    static func yaml(goal: String = "minimize", pruner: String) -> String {
        """
        method: random
        metric: {name: loss, goal: \(goal)}
        parameters:
          x: {min: 0.0, max: 1.0}
        scheduler:
          settings:
            pruner:
        \(pruner.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        """
    }

    static func reports(_ trial: Int, _ values: [Double]) -> [String] {
        values.enumerated().map { #"{"op":"report","trial":\#(trial),"step":\#($0.offset),"value":\#($0.element)}"# }
    }

    @Test(arguments: ["minimize", "maximize"])
    func medianPrunerAnswersReports(goal: String) throws {
        let sign = goal == "minimize" ? 1.0 : -1.0
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.yaml(goal: goal, pruner: """
            type: MedianPruner
            args: {n_startup_trials: 2, n_warmup_steps: 1}
            """))
        var lines = Array(repeating: #"{"op":"ask"}"#, count: 3)
        lines += Self.reports(0, [1.0, 0.8, 0.6, 0.5].map { $0 * sign }) + [#"{"op":"tell","trial":0,"value":\#(0.5 * sign)}"#]
        lines += Self.reports(1, [0.9, 0.7, 0.55, 0.45].map { $0 * sign }) + [#"{"op":"tell","trial":1,"value":\#(0.45 * sign)}"#]
        // Trial 2: step 0 is warm-up; at step 1 its best (5) is worse than the median 0.75.
        lines += Self.reports(2, [5, 5].map { $0 * sign }) + [#"{"op":"tell","trial":2,"state":"stopped"}"#, #"{"op":"ask"}"#]
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "4"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(out.status == 0, "\(out.stderr)")
        let answers = try out.lines.map { try JSONText.parse($0) }
        try #require(answers.count == lines.count)
        let no: JSONValue = ["prune": false], yes: JSONValue = ["prune": true], ok: JSONValue = ["ok": true]
        #expect(answers[0]["trial"] == .int(0) && answers[2]["trial"] == .int(2))
        #expect(Array(answers[3...12]) == [no, no, no, no, ok, no, no, no, no, ok])
        #expect(Array(answers[13...15]) == [no, yes, ok])
        #expect(answers[16]["trial"] == .int(3))
    }

    @Test func hyperbandPrunerIsReproducibleWithTheSeed() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.yaml(pruner: """
            type: HyperbandPruner
            args: {min_resource: 1, max_resource: 9, reduction_factor: 3}
            """))
        var lines: [String] = []
        for t in 0..<12 {
            lines.append(#"{"op":"ask"}"#)
            // Later trials are worse, so some must be pruned at their brackets' rungs.
            lines += Self.reports(t, (0..<10).map { 1.0 + Double(t) - 0.05 * Double($0) })
            lines.append(#"{"op":"tell","trial":\#(t),"value":\#(1.0 + Double(t))}"#)
        }
        let input = lines.joined(separator: "\n") + "\n"
        let first = try SwoopProcess.run(["optimize", cfg, "--seed", "11"], stdin: input)
        let again = try SwoopProcess.run(["optimize", cfg, "--seed", "11"], stdin: input)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == again.stdout)
        let answers = try first.lines.map { try JSONText.parse($0) }
        try #require(answers.count == lines.count)
        let prunes = answers.compactMap { $0["prune"]?.boolValue }
        #expect(prunes.count == 120)
        #expect(prunes.contains(true))
        // The first trial has nobody to lose to.
        #expect(prunes.prefix(10).allSatisfy { !$0 })
    }

    @Test func thresholdPrunerPrunesOutOfBoundsAndNaNReports() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.yaml(goal: "maximize", pruner: """
            type: ThresholdPruner
            args: {lower: 0.1, upper: 0.9, n_warmup_steps: 1}
            """))
        let lines = [#"{"op":"ask"}"#, #"{"op":"ask"}"#, #"{"op":"ask"}"#,
                     #"{"op":"report","trial":0,"step":0,"value":NaN}"#, #"{"op":"report","trial":0,"step":1,"value":NaN}"#,
                     #"{"op":"report","trial":1,"step":1,"value":0.95}"#,
                     #"{"op":"report","trial":2,"step":1,"value":0.5}"#, #"{"op":"report","trial":2,"step":2,"value":0.05}"#]
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "2"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(out.status == 0, "\(out.stderr)")
        let prunes = try out.lines.dropFirst(3).map { try JSONText.parse($0)["prune"]?.boolValue }
        // Step 0 is warm-up even for NaN; then NaN, above upper and below lower all prune.
        #expect(prunes == [false, true, true, false, true])
    }

    @Test func badPrunerSettingsFailValidationWithKeyPathAndLine() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.yaml(pruner: """
            type: PatientPruner
            args:
              patience: 2
              wrapped_pruner: {type: PercentilePruner, args: {percentile: 120}}
            """))
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "1"], stdin: #"{"op":"ask"}"# + "\n")
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.contains("sweep.yaml:11:"), "\(out.stderr)")
        #expect(out.stderr.contains("scheduler.settings.pruner.args.wrapped_pruner.args.percentile: expected a number from 0 to 100"))
    }

    @Test func prunerAndEarlyTerminateTogetherAreRefused() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.yaml(pruner: "type: NopPruner")
            + "\nearly_terminate: {type: hyperband, min_iter: 1}\n")
        let out = try SwoopProcess.run(["optimize", cfg], stdin: "")
        #expect(out.status == 1)
        #expect(out.stderr.contains("scheduler.settings.pruner"))
        #expect(out.stderr.contains("cannot both be set"))
    }
}
