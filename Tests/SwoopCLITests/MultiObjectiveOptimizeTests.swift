import Foundation
import SwoopModel
import Testing

/// `swoop optimize` with `metrics:` (docs/optimize-protocol.md): tells with `values`, `front`, errors.
@Suite struct MultiObjectiveOptimizeTests {
    static let yaml = """
        method: custom
        metrics:
          - {name: loss, goal: minimize}
          - {name: acc, goal: maximize}
        scheduler:
          num_workers: 4
          settings:
            sampler: {type: NSGAIISampler, args: {population_size: 4}}
        parameters:
          lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
          opt:
            parameters:
              name: {values: [adam, sgd]}
        """

    static func answers(_ out: SwoopProcess.Output) throws -> [JSONValue] {
        try out.lines.map { try JSONText.parse($0) }
    }

    @Test func valuesAreToldAndTheFrontComesBackWithParams() throws {
        let cfg = try SwoopProcess.temporaryFile("moo.yaml", Self.yaml)
        var lines = Array(repeating: #"{"op":"ask"}"#, count: 5)
        lines += [
            #"{"op":"tell","trial":0,"values":[0.2,0.8]}"#,
            #"{"op":"tell","trial":1,"values":[0.3,0.7]}"#,
            #"{"op":"tell","trial":2,"values":[0.1,0.6]}"#,
            #"{"op":"tell","trial":3,"values":[null,0.99]}"#,
            #"{"op":"tell","trial":4,"state":"crashed"}"#,
            #"{"op":"front"}"#,
        ]
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "8"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(out.status == 0)
        let a = try Self.answers(out)
        try #require(a.count == lines.count)
        for i in 5..<10 { #expect(a[i] == ["ok": true], "line \(i): \(JSONText.render(a[i]))") }
        let front = try #require(a[10]["front"]?.arrayValue)
        #expect(front.map { $0["trial"] } == [.int(0), .int(2)])
        #expect(front.map { $0["values"] } == [[0.2, 0.8], [0.1, 0.6]])
        #expect(front[0]["params"] == a[0]["params"])
        #expect(front[1]["params"] == a[2]["params"])
        #expect(front[0]["params"]?["opt"]?["name"] != nil, "params come back nested")
    }

    @Test func wrongShapesAreErrorsNamingTheObjectives() throws {
        let cfg = try SwoopProcess.temporaryFile("moo.yaml", Self.yaml)
        let lines = [
            #"{"op":"ask"}"#,
            #"{"op":"tell","trial":0,"value":0.5}"#,
            #"{"op":"tell","trial":0,"values":[0.5]}"#,
            #"{"op":"tell","trial":0,"values":[0.5,1,2]}"#,
            #"{"op":"tell","trial":0,"values":"high"}"#,
            #"{"op":"tell","trial":0,"values":[0.5,"x"]}"#,
            #"{"op":"tell","trial":0,"value":1,"values":[0.5,1]}"#,
            #"{"op":"tell","trial":0}"#,
            #"{"op":"front"}"#,
            #"{"op":"tell","trial":0,"values":[0.5,1]}"#,
            #"{"op":"front"}"#,
        ]
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "1"], stdin: lines.joined(separator: "\n") + "\n")
        let a = try Self.answers(out)
        try #require(a.count == lines.count)
        let errors = (1...7).map { a[$0]["error"]?.stringValue ?? "" }
        #expect(errors.allSatisfy { !$0.isEmpty && !$0.contains("\n") }, "\(errors)")
        #expect(errors[0].contains("2 objectives") && errors[0].contains("[loss, acc]"))
        #expect(errors[1].contains("expected 2 values (loss minimize, acc maximize), got 1"))
        #expect(errors[2].contains("got 3"))
        #expect(errors[3].contains("list of numbers"))
        #expect(errors[4].contains("\"values\"[1]"))
        #expect(errors[5].contains("not both"))
        #expect(errors[6].contains("loss, acc"))
        #expect(a[8] == ["front": []], "nothing finished yet")
        #expect(a[9] == ["ok": true], "the errors above left the trial open")
        #expect(a[10]["front"]?.arrayValue?.count == 1)
    }

    @Test func singleObjectiveSweepsRefuseValuesAndAnswerTheBestTrial() throws {
        let cfg = try SwoopProcess.temporaryFile("sweep.yaml", """
            method: random
            metric: {name: acc, goal: maximize}
            parameters:
              x: {min: 0.0, max: 1.0}
            """)
        let lines = [
            #"{"op":"ask"}"#, #"{"op":"ask"}"#, #"{"op":"ask"}"#,
            #"{"op":"tell","trial":0,"values":[1,2]}"#,
            #"{"op":"tell","trial":0,"value":0.5}"#,
            #"{"op":"tell","trial":1,"value":0.9}"#,
            #"{"op":"tell","trial":2,"value":0.9}"#,
            #"{"op":"front"}"#,
        ]
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "1"], stdin: lines.joined(separator: "\n") + "\n")
        let a = try Self.answers(out)
        try #require(a.count == lines.count)
        #expect(a[3]["error"]?.stringValue?.contains("one objective (metric acc)") == true)
        #expect(a[7] == ["front": [["trial": 1, "params": a[1]["params"]!, "values": [0.9]]]])
    }

    @Test func manyPendingAsksNeverRepeatAPointAndTheSameSeedRepeatsTheSession() throws {
        // Two categories by three q-steps: six points, asked in parallel batches of three.
        let cfg = try SwoopProcess.temporaryFile("moo.yaml", """
            method: custom
            metrics: [{name: a}, {name: b}]
            scheduler: {settings: {sampler: {type: NSGAIISampler, args: {population_size: 2}}}}
            parameters:
              k: {values: [p, q]}
              x: {distribution: q_uniform, min: 0, max: 2, q: 1}
            """)
        var lines: [String] = []
        for batch in 0..<2 {
            lines += Array(repeating: #"{"op":"ask"}"#, count: 3)
            lines += (0..<3).map { #"{"op":"tell","trial":\#(batch * 3 + $0),"values":[\#($0),\#(3 - $0)]}"# }
        }
        let input = lines.joined(separator: "\n") + "\n"
        let out = try SwoopProcess.run(["optimize", cfg, "--seed", "4"], stdin: input)
        let a = try Self.answers(out)
        try #require(a.count == lines.count)
        let asked = a.compactMap { $0["params"] }
        #expect(asked.count == 6)
        #expect(Set(asked.map(JSONText.render)).count == 6, "\(asked.map(JSONText.render))")
        #expect(try SwoopProcess.run(["optimize", cfg, "--seed", "4"], stdin: input).stdout == out.stdout)
    }

    @Test func configurationsThatCannotRunExitOne() throws {
        let tpe = try SwoopProcess.temporaryFile("tpe.yaml", Self.yaml.replacingOccurrences(of: "NSGAIISampler", with: "TPESampler"))
        let out = try SwoopProcess.run(["optimize", tpe, "--seed", "1"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("TPESampler") && out.stderr.contains("loss minimize, acc maximize"))

        let random = try SwoopProcess.temporaryFile("random.yaml", Self.yaml.replacingOccurrences(of: "method: custom", with: "method: random"))
        let invalid = try SwoopProcess.run(["optimize", random, "--seed", "1"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("requires `method: custom`"))
    }
}
