import Foundation
import SwoopClient
import SwoopModel
import Testing

/// The server never loses data (issue 3): a float stored is a float served, on both databases, in every
/// JSON value it keeps (sweep configs, run configs, summaries, metrics, scheduler state, queue item specs,
/// job version metadata), read raw and through `SwoopClient`.
@Suite("JSON float round trip", .timeLimit(.minutes(4)))
struct JSONFloatRoundTripTests {
    /// A config with every kind of number that a lossy encoder gets wrong.
    static let config: JSONValue = [
        "method": "random",
        "metric": ["name": "loss", "goal": "minimize"],
        "parameters": [
            "lr": ["min": 1.0, "max": 10.0],
            "epochs": ["min": 1, "max": 10],
            "extreme": ["values": [.double(-0.0), 1e300, .double(Double.leastNonzeroMagnitude), 3, 2.5]],
            "nested": ["parameters": ["inner": ["value": ["a": [1.0, ["b": 2.0, "c": 2]]]]]],
        ],
    ]

    /// True when `a` and `b` are the same JSON down to the kind of every number and the sign of zero.
    static func identical(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (.double(let x)?, .double(let y)?): return x.bitPattern == y.bitPattern
        case (.array(let x)?, .array(let y)?): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.object(let x)?, .object(let y)?): return x.keys == y.keys && x.allSatisfy { identical($0.value, y[$0.key]) }
        case (.int(let x)?, .int(let y)?): return x == y
        case (.double?, _), (_, .double?): return false
        default: return a == b
        }
    }

    @Test(arguments: TestBackend.all)
    func floatsComeBackAsFloats(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let c = h.client
            let sweep = try await c.createSweep(project: w.project.id, config: Self.config, queue: w.queue.id)
            #expect(Self.identical(sweep.config, Self.config), "create answered \(JSONText.render(sweep.config))")
            #expect(Self.identical(try await c.sweep(id: sweep.id).config, Self.config))
            // The text on the wire says 1.0, so any client (Python's json, a browser) reads a float.
            let raw = try await h.raw(.GET, "/api/v1/sweeps/\(sweep.id)")
            #expect(Self.identical(raw.json?["config"], Self.config), "raw: \(raw.json.map(JSONText.render) ?? "-")")

            // A custom scheduler reads `parameters` back with its own token and must see min: 1.0 as a float.
            let schedulerRun = try await c.createRun(project: w.project.id, id: RunID(sweep.id.rawValue), name: "scheduler")
            let s = h.client(key: try await c.createRunToken(run: schedulerRun.id).key)
            let seen = try await s.sweep(id: sweep.id).config["parameters"]?["lr"]?["min"]
            #expect(Self.identical(seen, .double(1.0)), "the scheduler read \(seen.map(JSONText.render) ?? "nothing")")

            let state: JSONValue = ["best": 1.0, "trials": [["lr": 2.0, "loss": .double(-0.0)]], "n": 2]
            _ = try await s.transitionSweep(id: sweep.id, to: .running)
            _ = try await s.saveSchedulerState(sweep: sweep.id, state: state, expectedVersion: 0)
            #expect(Self.identical(try await c.sweep(id: sweep.id).schedulerState, state))

            let runConfig: JSONValue = ["lr": 1.0, "epochs": 3, "tiny": .double(Double.leastNonzeroMagnitude)]
            let spec = try LaunchSpec(
                kind: .run, imageURI: "img", entity: w.entity.name, project: w.project.name,
                overrides: LaunchOverrides(args: [], runConfig: runConfig.objectValue!, entryPoint: nil)).json
            let launched = try await s.launchSweepRun(sweep: sweep.id, config: runConfig, spec: spec)
            #expect(Self.identical(launched.run.config, runConfig))
            #expect(Self.identical(try await c.run(id: launched.run.id).config, runConfig))
            let item = try LaunchSpec(json: launched.item.spec)
            #expect(Self.identical(.object(item.overrides.runConfig), runConfig), "spec: \(JSONText.render(launched.item.spec))")

            let run = try await c.createRun(project: w.project.id, config: runConfig)
            #expect(Self.identical(run.config, runConfig))
            let summary: JSONValue = ["loss": 0.0, "acc": 1.0, "steps": 10, "big": 1e300]
            #expect(Self.identical(try await c.setSummary(run: run.id, summary: summary).summary, summary))
            #expect(Self.identical(try await c.run(id: run.id).summary, summary))

            _ = try await c.transitionRun(id: run.id, to: .running)
            let point = MetricPoint(step: 1, values: ["loss": 1.0, "count": 4, "zero": .double(-0.0)])
            _ = try await c.appendMetrics(run: run.id, points: [point])
            let history = try await c.metrics(run: run.id)
            #expect(history.points.count == 1 && Self.identical(.object(history.points[0].values), .object(point.values)))

            let job = try await c.createJob(project: w.project.id, name: "train")
            let metadata: JSONValue = ["defaults": ["lr": 1.0, "batch": 32]]
            let version = try await c.addJobVersion(job: job.id, sourceKind: .image, entryPoint: ["python", "t.py"], metadata: metadata)
            #expect(Self.identical(version.metadata, metadata))
            #expect(Self.identical(try await c.listJobVersions(job: job.id).items.first?.metadata, metadata))
        }
    }
}
