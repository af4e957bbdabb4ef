import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

/// `SearchMethods` with `scheduler.settings.sampler`: settings first, else `method`.
@Suite("Study with Optuna-style samplers")
struct SamplerSettingsStudyTests {
    static let space = SearchSpaceFixtures.space(["x0": .uniform(min: -5, max: 10), "x1": .uniform(min: 0, max: 15)])
    static let metric = MetricSpec(name: "loss")

    static func run(_ config: SweepConfig, seed: UInt64, trials: Int) throws -> [JSONValue] {
        var study = try SearchMethods.study(for: config, seed: seed)
        var out: [JSONValue] = []
        for _ in 0..<trials {
            guard case .trial(let n, let p, _) = try study.ask() else { break }
            out.append(p)
            try study.tell(n, value: SearchSpaceFixtures.branin(SearchSpaceFixtures.number(p, "x0"), SearchSpaceFixtures.number(p, "x1")))
        }
        return out
    }

    @Test func settingsDecideOverMethod() throws {
        let tpe = SweepConfig(method: .random, metric: Self.metric, space: Self.space, sampler: .tpe(TPESettings()))
        let direct = SweepConfig(method: .custom, metric: Self.metric, space: Self.space)
        var study = Study(config: direct, seed: 7, sampler: TPESampler(space: Self.space, metric: Self.metric), pruner: nil)
        var expected: [JSONValue] = []
        for _ in 0..<20 {
            guard case .trial(let n, let p, _) = try study.ask() else { break }
            expected.append(p)
            try study.tell(n, value: SearchSpaceFixtures.branin(SearchSpaceFixtures.number(p, "x0"), SearchSpaceFixtures.number(p, "x1")))
        }
        #expect(try Self.run(tpe, seed: 7, trials: 20) == expected)
        #expect(try Self.run(SweepConfig(method: .random, space: Self.space), seed: 7, trials: 20) != expected)
    }

    @Test func everySamplerRunsThroughTheStudy() throws {
        for settings: SamplerSettings in [.tpe(TPESettings()), .random, .qmc(QMCSettings()), .cmaEs(CmaEsSettings())] {
            let config = SweepConfig(method: .custom, metric: Self.metric, space: Self.space, runCap: 30, sampler: settings)
            let points = try Self.run(config, seed: 2, trials: 40)
            #expect(points.count == 30, "\(settings.typeName)")
            #expect(try Self.run(config, seed: 2, trials: 40) == points, "\(settings.typeName) is deterministic")
        }
        let grid = SearchSpaceFixtures.space(["a": .intUniform(min: 1, max: 3), "b": .categorical(values: ["u", "v"], probabilities: nil)])
        var study = try SearchMethods.study(for: SweepConfig(method: .custom, space: grid, sampler: .grid), seed: 1)
        var count = 0
        while case .trial = try study.ask() { count += 1 }
        #expect(count == 6)
    }

    @Test func customWithoutASamplerIsAnError() {
        #expect {
            _ = try SearchMethods.sampler(for: SweepConfig(method: .custom, space: Self.space))
        } throws: { error in
            (error as? SearchError)?.message.hasPrefix("method custom needs scheduler.settings.sampler") == true
        }
        #expect {
            _ = try SearchMethods.sampler(for: SweepConfig(method: .custom, space: Self.space, sampler: .tpe(TPESettings())))
        } throws: { error in
            (error as? SearchError)?.message == "TPESampler requires \"metric\" section"
        }
    }

    /// With several objectives: QMC runs (it never looks at results), TPE is refused by name.
    @Test func severalObjectivesTakeQMCButNotTPE() throws {
        let metrics = [MetricSpec(name: "a"), MetricSpec(name: "b", goal: .maximize)]
        let qmc = SweepConfig(method: .custom, metrics: metrics, space: Self.space, sampler: .qmc(QMCSettings()))
        #expect(try SearchMethods.sampler(for: qmc, seed: 1) is QMCSampler)
        let tpe = SweepConfig(method: .custom, metrics: metrics, space: Self.space,
                              scheduler: ["settings": ["sampler": ["type": "TPESampler"]]])
        #expect {
            _ = try SearchMethods.sampler(for: tpe, seed: 1)
        } throws: { error in
            (error as? SearchError)?.message.contains("TPESampler optimizes one objective") == true
        }
    }

    /// The whole path from YAML: the parsed settings reach the sampler.
    @Test func yamlSettingsReachTheSampler() throws {
        let text = """
            method: custom
            metric: {name: loss, goal: minimize}
            parameters:
              x0: {min: -5.0, max: 10.0}
              x1: {min: 0.0, max: 15.0}
            scheduler:
              settings:
                sampler: {type: TPESampler, args: {n_startup_trials: 3, multivariate: false}}
            """
        let loaded = SweepConfigLoader.parse(Array(text.utf8), file: "sweep.yaml")
        let config = try #require(loaded.config)
        guard case .tpe(let s)? = config.sampler else { Issue.record("no TPE settings"); return }
        #expect(s.nStartupTrials == 3 && !s.multivariate)
        let sampler = try SearchMethods.sampler(for: config)
        #expect((sampler as? TPESampler)?.settings == s)
    }
}
