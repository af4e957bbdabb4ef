import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// The ask/tell engine with several objectives: vectors, failures, the front, run_cap and targets.
@Suite("Multi-objective study")
struct MultiObjectiveStudyTests {
    static let space = SearchSpace(parameters: [Fixture.spec("x", .uniform(min: 0, max: 1))])
    static let metrics = [MetricSpec(name: "loss"), MetricSpec(name: "acc", goal: .maximize)]

    static func study(runCap: Int? = nil, metrics: [MetricSpec] = metrics) throws -> Study {
        try SearchMethods.study(for: SweepConfig(method: .custom, metrics: metrics, space: space, runCap: runCap), seed: 5)
    }

    static func askAll(_ study: inout Study, _ count: Int) throws {
        for _ in 0..<count {
            guard case .trial = try study.ask() else { throw SearchError("ended early") }
        }
    }

    @Test func tellsCarryOneValuePerObjective() throws {
        var s = try Self.study()
        try Self.askAll(&s, 3)
        let short = try #require(throws: Study.UsageError.self) { try s.tell(0, values: [1]) }
        #expect(short.message.contains("expected 2 values (loss minimize, acc maximize), got 1"))
        let single = try #require(throws: Study.UsageError.self) { try s.tell(0, value: 1) }
        #expect(single.message.contains("\"values\": [loss, acc]"))
        #expect(s.trials[0].state == .pending, "a refused tell changes nothing")

        try s.tell(0, values: [0.5, 0.9])
        try s.tell(1, values: [.nan, 0.9])
        try s.tell(2, values: [0.1, -.infinity])
        #expect(s.trials.map(\.state) == [.finished, .failed, .failed])
        #expect(s.trials.map(\.objectives) == [[0.5, 0.9], nil, nil])
        #expect(s.trials[0].value == nil)
        #expect(throws: Study.UsageError.self) { try s.tell(0, values: [0.1, 0.1]) }
    }

    @Test func valuesOnASingleObjectiveSweepAreRefused() throws {
        var s = try SearchMethods.study(for: SweepConfig(method: .random, metric: MetricSpec(name: "loss"), space: Self.space), seed: 1)
        try Self.askAll(&s, 1)
        let e = try #require(throws: Study.UsageError.self) { try s.tell(0, values: [1, 2]) }
        #expect(e.message.contains("one objective (metric loss)"))
    }

    @Test func frontFollowsEachGoal() throws {
        var s = try Self.study()
        try Self.askAll(&s, 6)
        // loss down, acc up: 0 and 2 trade off, 1 is beaten by 0, 3 copies 2, 4 failed, 5 pending.
        try s.tell(0, values: [0.2, 0.8])
        try s.tell(1, values: [0.3, 0.7])
        try s.tell(2, values: [0.1, 0.6])
        try s.tell(3, values: [0.1, 0.6])
        try s.tell(4, state: .crashed)
        #expect(s.paretoFront.trialNumbers == [0, 2, 3])
        #expect(s.paretoFront.goals == [.minimize, .maximize])
    }

    @Test func singleObjectiveFrontIsTheBestFinalValue() throws {
        var s = try SearchMethods.study(for: SweepConfig(method: .random, metric: MetricSpec(name: "acc", goal: .maximize),
                                                         space: Self.space), seed: 1)
        try Self.askAll(&s, 4)
        try s.tell(0, value: 0.5)
        try s.tell(1, value: 0.9)
        try s.tell(2, value: 0.9)
        try s.tell(3, value: .nan)
        #expect(s.paretoFront.members == [.init(trial: 1, values: [0.9]), .init(trial: 2, values: [0.9])])
        let none = try SearchMethods.study(for: SweepConfig(method: .random, space: Self.space), seed: 1)
        #expect(none.paretoFront.members.isEmpty)
    }

    @Test func runCapEndsAMultiObjectiveSweep() throws {
        var s = try Self.study(runCap: 2)
        try Self.askAll(&s, 2)
        #expect(try s.ask() == .done(reason: "run_cap 2 reached"))
    }

    @Test func targetsEndTheSweepWhenOneTrialMeetsAllOfThem() throws {
        let metrics = [MetricSpec(name: "loss", target: 0.1), MetricSpec(name: "acc", goal: .maximize, target: 0.9),
                       MetricSpec(name: "size")]
        var s = try Self.study(metrics: metrics)
        try Self.askAll(&s, 3)
        try s.tell(0, values: [0.05, 0.8, 100])
        try s.tell(1, values: [0.2, 0.95, 100])
        #expect(s.stopReason == nil, "each target is met, but never by one trial")
        try s.tell(2, values: [0.1, 0.9, 1e9])
        #expect(s.stopReason == "metrics targets reached (loss 0.1, acc 0.9)")

        var untargeted = try Self.study()
        try Self.askAll(&untargeted, 1)
        try untargeted.tell(0, values: [-1e9, 1e9])
        #expect(untargeted.stopReason == nil)
    }

    @Test func priorTrialsJoinTheFront() throws {
        var s = try Self.study()
        s.add(values: [0.3], state: .finished, objectives: [0.1, 0.1])
        s.add(values: [0.4], state: .finished, objectives: [0.1])
        s.add(values: [0.5], state: .finished, objectives: [0.2, .infinity])
        s.add(values: [0.6], state: .crashed, objectives: nil)
        #expect(s.trials.map(\.state) == [.finished, .failed, .failed, .crashed])
        #expect(s.paretoFront.trialNumbers == [0])
        guard case .trial(let n, _, _) = try s.ask() else { Issue.record("no trial"); return }
        #expect(n == 4)
    }

    @Test func aLongRandomSessionKeepsTheFrontExact() throws {
        // Three objectives, mixed goals, a small population: many generations, with asks in parallel,
        // failures, non-finite values and fronts asked along the way.
        let config = SweepConfig(method: .custom,
                                 metrics: [MetricSpec(name: "a"), MetricSpec(name: "b", goal: .maximize), MetricSpec(name: "c")],
                                 space: SearchSpace(parameters: [Fixture.spec("x", .uniform(min: 0, max: 1)),
                                                                 Fixture.spec("n", .intUniform(min: 0, max: 20)),
                                                                 Fixture.values("k", ["p", "q", "r"])]),
                                 scheduler: ["settings": ["sampler": ["args": ["population_size": 6]]]])
        var session = OptimizeSession(study: try SearchMethods.study(for: config, seed: 12))
        var rng = SeededRandom(seed: 99)
        var open: [Int] = []
        for _ in 0..<600 {
            let r = rng.uniform()
            if open.isEmpty || r < 0.4 {
                let a = session.respond(to: #"{"op":"ask"}"#)
                let n = try #require(a["trial"]?.number, "\(JSONText.render(a))")
                open.append(Int(n))
            } else if r < 0.95 {
                let n = open.remove(at: Int(rng.uniform() * Double(open.count)))
                let tell: String
                switch rng.uniform() {
                case ..<0.1: tell = #"{"op":"tell","trial":\#(n),"state":"failed"}"#
                case ..<0.15: tell = #"{"op":"tell","trial":\#(n),"values":[1,null,2]}"#
                default:
                    let v = (0..<3).map { _ in (rng.uniform() * 10).rounded() / 10 }
                    tell = #"{"op":"tell","trial":\#(n),"values":[\#(v[0]),\#(v[1]),\#(v[2])]}"#
                }
                #expect(session.respond(to: tell) == ["ok": true])
            } else {
                try Self.checkFront(&session)
            }
        }
        try Self.checkFront(&session)
        #expect(session.study.trials.count > 200)
    }

    /// Every finished trial is either on the answered front or dominated by a member of it, and no
    /// member dominates another.
    static func checkFront(_ session: inout OptimizeSession) throws {
        let answer = try #require(session.respond(to: #"{"op":"front"}"#)["front"]?.arrayValue)
        let goals: [Goal] = [.minimize, .maximize, .minimize]
        let numbers = answer.compactMap { $0["trial"]?.number }.map(Int.init)
        let front = answer.map { $0["values"]?.arrayValue?.compactMap(\.number) ?? [] }
        #expect(numbers == numbers.sorted() && front.allSatisfy { $0.count == 3 })
        #expect(numbers.allSatisfy { session.study.trials[$0].state == .finished })
        for t in session.study.trials where t.state == .finished {
            let v = try #require(t.objectives)
            let onFront = numbers.contains(t.number)
            #expect(onFront != front.contains { NonDominatedSorting.dominates($0, v, goals: goals) })
            if let i = numbers.firstIndex(of: t.number) { #expect(front[i] == v) }
        }
        for a in front { #expect(!front.contains { NonDominatedSorting.dominates($0, a, goals: goals) }) }
    }
}
