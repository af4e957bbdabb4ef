import Foundation
import SwoopModel
import Testing

/// `swoop optimize` driven as a real process, per shared/protocols/optimize-stdio.md.
@Suite struct OptimizeCommandTests {
    static let gridYAML = """
        method: grid
        metric: {name: loss, goal: minimize}
        parameters:
          a: {values: [1, 2, 3]}
          b: {values: [x, y]}
          c: {value: 7}
        """

    static let randomYAML = """
        method: random
        metric: {name: loss}
        parameters:
          lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
          layers: {min: 1, max: 4}
          opt:
            parameters:
              name: {values: [adam, sgd]}
              momentum: {min: 0.0, max: 0.99}
        """

    static func answers(_ out: SwoopProcess.Output) throws -> [JSONValue] {
        try out.lines.map { try JSONText.parse($0) }
    }

    @Test func protocolErrorsAreAnsweredAndTheSessionGoesOn() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.randomYAML)
        let lines = [
            #"{"op":"ask"}"#,
            "not json",
            #"{"op":"frob"}"#,
            "[1,2]",
            #"{"trial":0}"#,
            #"{"op":"tell","trial":99,"value":1}"#,
            #"{"op":"tell","trial":0}"#,
            #"{"op":"tell","trial":"zero","value":1}"#,
            #"{"op":"tell","trial":0,"value":"high"}"#,
            #"{"op":"tell","trial":0,"state":"exploded"}"#,
            #"{"op":"report","trial":0,"value":1}"#,
            #"{"op":"tell","trial":0,"value":0.5}"#,
            #"{"op":"tell","trial":0,"value":0.4}"#,
            #"{"op":"ask"}"#,
        ]
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "1"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(out.status == 0)
        let a = try Self.answers(out)
        try #require(a.count == lines.count)
        #expect(a[0]["trial"] == .int(0))
        for i in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12] {
            let message = a[i]["error"]?.stringValue
            #expect(message != nil, "line \(i) should be an error, got \(JSONText.render(a[i]))")
            #expect(message?.contains("\n") == false)
        }
        #expect(a[5]["error"]?.stringValue?.contains("99") == true)
        #expect(a[11] == ["ok": true])
        #expect(a[12]["error"]?.stringValue?.contains("already told") == true)
        #expect(a[13]["trial"] == .int(1))
    }

    @Test func failedCrashedStoppedAndNonFiniteTellsAreAccepted() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.randomYAML)
        var lines = Array(repeating: #"{"op":"ask"}"#, count: 6)
        lines += [
            #"{"op":"tell","trial":0,"state":"failed"}"#,
            #"{"op":"tell","trial":1,"state":"crashed"}"#,
            #"{"op":"tell","trial":2,"state":"stopped"}"#,
            #"{"op":"tell","trial":3,"value":NaN}"#,
            #"{"op":"tell","trial":4,"value":Infinity}"#,
            #"{"op":"tell","trial":5,"value":-Infinity}"#,
            #"{"op":"ask"}"#,
        ]
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "2"], stdin: lines.joined(separator: "\n") + "\n")
        let a = try Self.answers(out)
        try #require(a.count == lines.count)
        for i in 6..<12 { #expect(a[i] == ["ok": true], "line \(i): \(JSONText.render(a[i]))") }
        #expect(a[12]["trial"] == .int(6))
    }

    @Test func pendingTrialsNeverGetADuplicateGridPointAndTheGridEnds() throws {
        let cfg = try SwoopProcess.temporaryFile("grid.yaml", Self.gridYAML)
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "0"], stdin: String(repeating: "{\"op\":\"ask\"}\n", count: 8))
        let a = try Self.answers(out)
        try #require(a.count == 8)
        let points = a.prefix(6).map { JSONText.render($0["params"] ?? .null) }
        #expect(Set(points).count == 6)
        #expect(points == [
            #"{"a":1,"b":"x","c":7}"#, #"{"a":1,"b":"y","c":7}"#, #"{"a":2,"b":"x","c":7}"#,
            #"{"a":2,"b":"y","c":7}"#, #"{"a":3,"b":"x","c":7}"#, #"{"a":3,"b":"y","c":7}"#,
        ])
        #expect(a[6] == ["done": true])
        #expect(a[7] == ["done": true])
    }

    @Test func runCapEndsTheSearch() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.randomYAML + "\nrun_cap: 3\n")
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "0"], stdin: String(repeating: "{\"op\":\"ask\"}\n", count: 5))
        let a = try Self.answers(out)
        #expect(a.map { $0["trial"] } == [.int(0), .int(1), .int(2), nil, nil])
        #expect(a[3] == ["done": true])
    }

    @Test func nestedParametersComeBackNestedAndInsideTheSpace() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.randomYAML)
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "5"], stdin: String(repeating: "{\"op\":\"ask\"}\n", count: 50))
        for answer in try Self.answers(out) {
            let p = try #require(answer["params"])
            let lr = try #require(p["lr"]?.number)
            #expect(lr >= 1e-4 && lr <= 0.1)
            guard case .int(let layers)? = p["layers"] else { Issue.record("layers not an int: \(JSONText.render(p))"); continue }
            #expect((1...4).contains(layers))
            #expect(["adam", "sgd"].contains(p["opt"]?["name"]?.stringValue ?? ""))
            let m = try #require(p["opt"]?["momentum"]?.number)
            #expect(m >= 0 && m <= 0.99)
        }
    }

    @Test(arguments: ["random", "bayes"])
    func sameSeedSameAnswersOtherSeedOtherAnswers(method: String) throws {
        let yaml = Self.randomYAML.replacingOccurrences(of: "method: random", with: "method: \(method)")
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", yaml)
        var lines: [String] = []
        for t in 0..<12 {
            lines.append(#"{"op":"ask"}"#)
            lines.append(#"{"op":"tell","trial":\#(t),"value":\#(Double(t % 5) * 0.37 + 0.1)}"#)
        }
        let input = lines.joined(separator: "\n") + "\n"
        let first = try SwoopProcess.run(["optimize", cfg, "--seed", "42"], stdin: input)
        let second = try SwoopProcess.run(["optimize", cfg, "--seed", "42"], stdin: input)
        let other = try SwoopProcess.run(["optimize", cfg, "--seed", "43"], stdin: input)
        #expect(first.status == 0)
        #expect(first.lines.count == lines.count)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout != other.stdout)
    }

    @Test func reportAnswersPruneWithHyperband() throws {
        let yaml = """
            method: random
            metric: {name: loss, goal: minimize}
            early_terminate: {type: hyperband, min_iter: 1, eta: 2}
            parameters:
              x: {min: 0.0, max: 1.0}
            """
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", yaml)
        let driver = try OptimizeDriver(config: cfg, seed: 3)
        // Four trials report at step 1; the worst must be pruned once others are better.
        for _ in 0..<4 { _ = try driver.request(#"{"op":"ask"}"#) }
        var prunes: [Bool] = []
        for (t, v) in [(0, 0.1), (1, 0.2), (2, 0.3), (3, 5.0)] {
            let a = try driver.request(#"{"op":"report","trial":\#(t),"step":1,"value":\#(v)}"#)
            let prune = try #require(a["prune"].flatMap(\.boolValue))
            prunes.append(prune)
        }
        #expect(prunes.first == false)
        #expect(prunes.last == true)
        #expect(try driver.finish() == 0)
    }

    @Test func invalidConfigurationExitsNonZeroNamingTheKey() throws {
        let cfg = try SwoopProcess.temporaryFile("bad.yaml", "method: grid\nparameters:\n  lr: {min: 0.1, max: 0.01}\n")
        let out = try SwoopProcess.run(["optimize", cfg], stdin: "{\"op\":\"ask\"}\n")
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.contains("bad.yaml"))
        #expect(out.stderr.contains("parameters.lr"))
    }

    @Test func endOfInputExitsZeroAndMissingFileFails() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", Self.randomYAML)
        #expect(try SwoopProcess.run(["optimize", cfg, "--seed", "1"], stdin: "").status == 0)
        let missing = try SwoopProcess.run(["optimize", "/nonexistent/sweep.yaml"], stdin: "")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/sweep.yaml"))
    }
}
