import Foundation
import SwoopConfig
import SwoopModel
import Testing

/// SplitMix64: a small seeded generator so every fuzz run sees the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fuzz: mutated configurations")
struct FuzzTests {
    static let yamlSeeds = [
        """
        method: bayes
        metric: {name: val_loss, goal: minimize}
        early_terminate: {type: hyperband, min_iter: 3}
        parameters:
          lr: {distribution: log_uniform_values, min: 1e-5, max: 0.1}
          batch: {values: [16, 32, 64]}
          opt:
            parameters:
              momentum: {min: 0.8, max: 0.99}
              kind: {value: adam}
        command: ["${env}", python, "${program}", "${args}"]
        run_cap: 20
        """,
        """
        method: grid
        program: train.py
        parameters:
          layers:
            min: 1
            max: 4
          act:
            values: [relu, tanh]
          step:
            distribution: q_uniform
            min: 0
            max: 10
            q: 2
        launch:
          queue: gpu
          priority: high
        scheduler:
          num_workers: 4
          settings: {method: grid}
        """,
        """
        method: random
        parameters:
          a: &d {min: 0.0, max: 1.0}
          e: *d
          b: {distribution: normal, mu: 0, sigma: 2}
          c: {values: [x, y], probabilities: [0.3, 0.7]}
          d: {distribution: q_beta, a: 2, b: 3}
        """,
    ]
    static let jsonSeeds = [
        #"{"method": "random", "metric": {"name": "acc", "goal": "maximize"}, "parameters": {"lr": {"min": 0.001, "max": 0.1}, "n": {"values": [1, 2, 3]}, "g": {"parameters": {"x": {"value": null}}}}}"#,
        #"{"method": "custom", "metrics": [{"name": "a"}, {"name": "b"}], "parameters": {"p": {"distribution": "int_uniform", "min": -5, "max": 5}}, "scheduler": {"num_workers": 2}}"#,
    ]

    /// `SWOOP_FUZZ_ROUNDS` and `SWOOP_FUZZ_SEED` allow a longer hunt by hand; CI keeps the defaults.
    static let rounds = ProcessInfo.processInfo.environment["SWOOP_FUZZ_ROUNDS"].flatMap(Int.init) ?? 3_000
    static let seed = ProcessInfo.processInfo.environment["SWOOP_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED

    static let documentLevelPrefixes = [
        "Sweep config must be parsable", "not valid YAML", "not valid JSON", "the file is empty", "the file is not UTF-8",
        "the document is nested", "expected a single YAML document", "a mapping key must be a string",
        "the document expands", "duplicate key", "unsupported YAML tag", "!!", "a merge key", "unresolved alias",
        "not a readable YAML",
    ]

    static let fragments: [String] = [
        "99999999999999999999999999", "-9223372036854775809", "1e999", ".nan", "NaN", "-.inf", "Infinity", "null", "~",
        "true", "\"\"", "[]", "{}", "[1, [2, [3]]]", "{a: {b: {c: 1}}}", "*missing", "&x 1", "!!binary aGk=", "!tag 3",
        "0x", "1:2:3:4:5:6:7:8:9:10:11:12:13", "'unterminated", "\"bad \\q escape\"", "\u{0}", "\t", "\n  - ", ": :",
        "? ", "- - - -", "<<: 3", "---\n", "...", "%YAML 1.1\n", "foo: bar\n", "extra_key: 1\n", "parameters:\n",
        String(repeating: "[", count: 300), String(repeating: "{a: ", count: 200), String(repeating: "x", count: 5000),
    ]

    @Test func mutatedTextNeverCrashesAndErrorsAreLocated() {
        var rng = SplitMix64(state: Self.seed)
        let seeds = (Self.yamlSeeds + Self.jsonSeeds).map { Array($0.utf8) }
        for seed in seeds {
            let r = SweepConfigLoader.parse(seed, file: "seed")
            #expect(r.isValid, "seed must be valid: \(r.diagnostics)")
        }
        var invalid = 0
        for round in 0..<Self.rounds {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                mutate(&bytes, using: &rng)
            }
            let r = SweepConfigLoader.parse(bytes, file: "fuzz.yaml")
            checkInvariants(r, context: "round \(round)")
            if !r.isValid { invalid += 1 }
        }
        // The mutations must actually exercise error paths, not just whitespace.
        #expect(invalid > Self.rounds / 3)
    }

    @Test func mutatedDocumentsNeverCrashAndErrorsAreLocated() {
        var rng = SplitMix64(state: Self.seed &+ 1)
        let docs = (Self.yamlSeeds + Self.jsonSeeds).compactMap { SweepConfigLoader.parse(Array($0.utf8), file: nil).config?.document }
        #expect(docs.count == 5)
        var invalid = 0
        for round in 0..<Self.rounds {
            var doc = docs[Int.random(in: 0..<docs.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                doc = mutate(doc, depth: 0, using: &rng)
            }
            let r = SweepConfigLoader.parse(document: doc, file: nil)
            checkInvariants(r, context: "document round \(round)")
            if !r.isValid { invalid += 1 }
        }
        #expect(invalid > Self.rounds / 3)
    }

    func checkInvariants(_ r: ConfigLoadResult, context: String) {
        #expect(r.isValid == r.errors.isEmpty, "\(context)")
        #expect((r.config == nil) == !r.errors.isEmpty, "\(context)")
        for d in r.diagnostics {
            #expect(!d.message.isEmpty, "\(context)")
            if d.severity == .error, d.keyPath.isEmpty {
                #expect(Self.documentLevelPrefixes.contains { d.message.hasPrefix($0) }, "\(context): \(d.description)")
            }
        }
    }

    func mutate(_ bytes: inout [UInt8], using rng: inout SplitMix64) {
        let n = bytes.count
        let at = n == 0 ? 0 : Int.random(in: 0...n, using: &rng)
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: // truncate
            bytes = Array(bytes.prefix(at))
        case 1: // delete a range
            let end = min(n, at + Int.random(in: 1...20, using: &rng))
            if at < end { bytes.removeSubrange(at..<end) }
        case 2: // random bytes, including non-UTF-8
            bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
        case 3: // a nasty fragment anywhere
            bytes.insert(contentsOf: Array(Self.fragments.randomElement(using: &rng)!.utf8), at: at)
        case 4: // replace a token after ": " with a fragment (wrong types, huge numbers, NaN)
            if let colon = (at..<n).first(where: { bytes[$0] == UInt8(ascii: ":") }) {
                let end = (colon + 1..<n).first { [UInt8(ascii: ","), UInt8(ascii: "}"), 0x0A].contains(bytes[$0]) } ?? n
                bytes.replaceSubrange(colon + 1..<end, with: Array((" " + Self.fragments.randomElement(using: &rng)!).utf8))
            }
        case 5: // duplicate a line
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if !lines.isEmpty {
                var l = lines.map(Array.init)
                let k = Int.random(in: 0..<l.count, using: &rng)
                l.insert(l[k], at: k)
                bytes = Array(l.joined(separator: [0x0A]))
            }
        case 6: // empty
            bytes = Int.random(in: 0..<4, using: &rng) == 0 ? [] : bytes
        case 7: // flip one byte
            if n > 0 { bytes[Int.random(in: 0..<n, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng) }
        default: // an unknown key at the top
            bytes = Array("zzz_unknown: 1\n".utf8) + bytes
        }
    }

    func randomValue(using rng: inout SplitMix64) -> JSONValue {
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &rng))
        case 3: return .double(.nan)
        case 4: return .double(-.infinity)
        case 5: return .double(Double.random(in: -1e307...1e307, using: &rng))
        case 6: return .string(["", "grid", "bayes", "hyperband", "x", "1e-5", "minimize", String(repeating: "é", count: 300)].randomElement(using: &rng)!)
        case 7: return .array([])
        case 8: return .object([:])
        case 9:
            var v: JSONValue = 1
            for _ in 0..<200 { v = .array([v]) }
            return v
        case 10: return ["values": [1, 2], "probabilities": [0.5, 0.6]]
        default: return ["min": .int(Int.random(in: -3...3, using: &rng)), "max": .double(Double.random(in: -3...3, using: &rng))]
        }
    }

    func mutate(_ value: JSONValue, depth: Int, using rng: inout SplitMix64) -> JSONValue {
        let dice = Int.random(in: 0..<4, using: &rng)
        switch value {
        case .object(var o) where !o.isEmpty && dice != 0:
            let key = o.keys.sorted()[Int.random(in: 0..<o.count, using: &rng)]
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: o[key] = nil
            case 1: o["unknown_\(depth)"] = randomValue(using: &rng)
            default: o[key] = mutate(o[key]!, depth: depth + 1, using: &rng)
            }
            return .object(o)
        case .array(var a) where !a.isEmpty && dice != 0:
            let k = Int.random(in: 0..<a.count, using: &rng)
            a[k] = mutate(a[k], depth: depth + 1, using: &rng)
            return .array(a)
        default:
            return randomValue(using: &rng)
        }
    }
}
