import Foundation
import Testing
@testable import SwoopModel

/// A float a user wrote must come back as a float: `min: 1.0` read back as `1` makes a scheduler infer
/// `int_uniform`. These pin the one serializer every stored and served JSON value goes through.
@Suite struct JSONFloatFidelityTests {
    static let tricky: [(Double, String)] = [
        (1.0, "1.0"), (-0.0, "-0.0"), (10.0, "10.0"), (1e300, "1e+300"), (Double.leastNonzeroMagnitude, "5e-324"),
        (0.1, "0.1"), (-2.5, "-2.5"), (9007199254740992.0, "9007199254740992.0"), (1e16, "1e+16"),
    ]

    @Test func floatsRenderWithAFractionAndReadBackAsFloats() throws {
        for (d, text) in Self.tricky {
            #expect(JSONText.render(.double(d)) == text)
            let back = try JSONText.parse(text)
            guard case .double(let r) = back else { Issue.record("\(text) read back as \(back)"); continue }
            #expect(r.bitPattern == d.bitPattern, "\(text)")
        }
        #expect(JSONText.render(.int(1)) == "1")
        #expect(try JSONText.parse("1") == .int(1))
    }

    @Test func apiFormWritesNonFiniteAsStringsAndReadsThemBack() throws {
        let value: JSONValue = ["a": .double(.nan), "b": .double(.infinity), "c": .double(-.infinity), "d": 1.0, "e": 1]
        let text = JSONText.renderForAPI(value)
        #expect(text == #"{"a":"NaN","b":"Infinity","c":"-Infinity","d":1.0,"e":1}"#)
        // Python's form stays the store's (bare NaN), which JSONText also reads.
        #expect(JSONText.render(.double(.nan)) == "NaN")
        let back = try APICoding.decode(JSONValue.self, from: Data(text.utf8))
        #expect(back["a"]?.number?.isNaN == true)
        #expect(back["b"] == .double(.infinity) && back["c"] == .double(-.infinity))
        #expect(back["d"] == .double(1.0) && back["e"] == .int(1))
        if case .int = back["d"] { Issue.record("1.0 came back as an integer") }
    }

    @Test func recordsKeepTheirFloatsThroughTheAPICoding() throws {
        let config: JSONValue = [
            "parameters": ["lr": ["min": 1.0, "max": 10.0], "layers": ["values": [1, 2.0, -0.0]]],
            "nested": ["deep": [["x": .double(Double.leastNonzeroMagnitude)], ["y": 1e300]]],
        ]
        let created = Date(timeIntervalSince1970: 1_764_400_000.123)
        let sweep = Sweep(
            id: "abc123", projectID: "p1", name: "s", config: config, state: .pending, schedulerState: ["best": 2.0],
            schedulerStateVersion: 1, queueID: nil, priority: .medium, createdAt: created, updatedAt: created)
        let data = try APICoding.encode(sweep)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""max":10.0,"min":1.0"#), "\(text)")
        #expect(text.contains(#""createdAt":1764400000123"#), "dates stay integer milliseconds: \(text)")
        let back = try APICoding.decode(Sweep.self, from: data)
        #expect(back.config == config)
        #expect(back.config["parameters"]?["lr"]?["min"].map { if case .double = $0 { true } else { false } } == true)
        #expect(back.schedulerState?["best"].map { if case .double = $0 { true } else { false } } == true)
        #expect(back.createdAt == Date(timeIntervalSince1970: 1_764_400_000.123))
        guard case .array(let values) = back.config["parameters"]?["layers"]?["values"], case .double(let z) = values[2] else {
            Issue.record("values did not come back as a list ending in a float"); return
        }
        #expect(values[0] == .int(1) && z.sign == .minus)
        // The pretty form (the CLI's --json) is the same JSON.
        #expect(try JSONText.parse(String(decoding: try APICoding.encode(sweep, pretty: true), as: UTF8.self)) == JSONText.parse(text))
    }

    @Test func launchSpecKeepsRunConfigFloats() throws {
        let spec = LaunchSpec(
            kind: .run, imageURI: "img", entity: "e", project: "p",
            overrides: LaunchOverrides(args: [], runConfig: ["lr": 1.0, "epochs": 3], entryPoint: nil))
        let json = try spec.json
        #expect(json["overrides"]?["runConfig"]?["lr"].map { if case .double = $0 { true } else { false } } == true)
        #expect(try LaunchSpec(json: json).overrides.runConfig["lr"].map { if case .double = $0 { true } else { false } } == true)
    }

    @Test func decodingErrorsNameTheField() {
        #expect {
            _ = try APICoding.decode(Sweep.self, from: Data(#"{"id":"a","projectID":"p","config":{},"state":3}"#.utf8))
        } throws: { error in
            "\(error)".contains("state")
        }
        #expect(throws: (any Error).self) { _ = try APICoding.decode(Sweep.self, from: Data("{".utf8)) }
    }
}
