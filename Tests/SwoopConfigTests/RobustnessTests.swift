import Foundation
import SwoopConfig
import SwoopModel
import Testing

@Suite("Bad input never crashes")
struct RobustnessTests {
    @Test func emptyAndBlankFilesAreDocumentErrors() {
        for text in ["", "   \n\n  ", "\u{FEFF}", "# only a comment\n"] {
            let r = load(text)
            #expect(!r.isValid)
            #expect(r.errors.count == 1)
            #expect(r.errors.first?.keyPath == "")
        }
    }

    @Test func nonUTF8BytesAreReported() {
        let r = SweepConfigLoader.parse([0x6D, 0x65, 0x3A, 0x20, 0xFF, 0xFE, 0x0A], file: "x.yaml")
        #expect(r.errors.count == 1)
        #expect(r.errorMessages[0].contains("not UTF-8"))
        #expect(r.errorMessages[0].contains("0xFF at byte 5"))
    }

    @Test func binaryJunkIsAnError() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<200).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(!SweepConfigLoader.parse(bytes, file: nil).isValid)
        }
        #expect(!SweepConfigLoader.parse([0, 0, 0, 1], file: nil).isValid)
    }

    @Test func topLevelListOrScalarIsNotAConfig() {
        for text in ["- a\n- b\n", "42\n", "hello\n", "null\n", "[1, 2]", "\"x\""] {
            let r = load(text)
            #expect(r.errors.count == 1, "\(text)")
            #expect(r.errorMessages.first?.hasPrefix("Sweep config must be parsable as a JSON object.") == true, "\(text)")
            #expect(r.errors.first?.keyPath == "")
        }
    }

    @Test(arguments: [10_000, 300, 129])
    func deepFlowListsAreRejected(depth: Int) {
        let text = "method: random\nparameters:\n  a:\n    values: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let r = load(text)
        #expect(!r.isValid)
        #expect(r.errorMessages.contains { $0.contains("nested too deeply") })
        // Unbalanced too: only opening brackets.
        #expect(!load(String(repeating: "[", count: depth)).isValid)
    }

    @Test func deepFlowMappingsAreRejected() {
        let text = String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let r = load(text)
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.keyPath == "")
        let json = String(repeating: "{\"a\": ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(!load(json).isValid)
    }

    @Test func deepBlockMappingsAreRejected() {
        var text = ""
        for level in 0..<2_000 {
            text += String(repeating: " ", count: level) + "k:\n"
        }
        #expect(load(text).errorMessages.contains { $0.contains("nested too deeply") })
        let dashes = String(repeating: "- ", count: 10_000) + "x\n"
        #expect(load(dashes).errorMessages.contains { $0.contains("nested too deeply") })
    }

    /// Text that hides its depth from the raw-text estimate (a quote inside a block scalar) still
    /// cannot overflow the stack: libyaml stops at 1000 levels and Yams' recursion fits in a
    /// test thread's stack at that depth.
    @Test(arguments: [999, 1_001, 10_000])
    func depthHiddenFromTheEstimateIsStillSafe(depth: Int) {
        let lists = "description: |\n  it \"x\nb: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let maps = "description: |\n  it \"x\nb: " + String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth) + "\n"
        for text in [lists, maps] {
            let r = load(text)
            #expect(r.errors.count == 1)
            #expect(r.errors.first?.keyPath == "")
        }
    }

    @Test func moderatelyNestedParametersStillWork() {
        var text = "method: random\nparameters:\n"
        var indent = "  "
        for level in 0..<20 {
            text += indent + "g\(level):\n" + indent + "  parameters:\n"
            indent += "    "
        }
        text += indent + "lr: {min: 0.1, max: 0.2}\n"
        let r = load(text)
        #expect(r.isValid, "\(r.diagnostics)")
        #expect(r.config?.space.parameters.first?.path.count == 21)
    }

    @Test func aliasBombStopsEarly() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for k in 1..<9 {
            text += "a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let r = load(text)
        #expect(r.errorMessages.contains { $0.contains("more than") })
    }

    @Test func hugeNumbersDoNotTrap() {
        let r = load("method: random\nparameters:\n  a: {min: 1, max: 99999999999999999999999}\n  b: {min: 1:0:0:0:0:0:0:0:0:0:0:0:0:0, max: 2}\n  c: {values: [0x7FFFFFFFFFFFFFFFFF, -9223372036854775808]}\n")
        #expect(r.warnings.contains { $0.keyPath == "parameters.a.max" && $0.message.contains("64 bits") })
        #expect(r.errors.map(\.keyPath) == ["parameters.b.min"])
        let a = load("method: random\nparameters:\n  a: {min: 1, max: 99999999999999999999999}\n")
        #expect(a.config?.space.parameters.first?.distribution == .uniform(min: 1, max: 1e23))
        let j = load("{\"method\": \"random\", \"parameters\": {\"a\": {\"min\": 1, \"max\": 1e400}}}")
        #expect(j.errors.contains { $0.keyPath == "parameters.a.max" && $0.message.contains("finite") })
    }

    @Test func signTricksInExplicitIntegersDoNotTrap() {
        let text = """
            method: random
            parameters:
              a: {values: [!!int "--9223372036854775808", !!int "0x-8000000000000000", !!int "-0:-9223372036854775808", !!int "+-1"]}
            """
        let r = load(text)
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.message.hasPrefix("!!int value") == true)
        #expect(r.errors.first?.keyPath == "parameters.a.values[0]")
        let ok = load("method: random\nparameters:\n  a: {values: [-9223372036854775808, 9223372036854775807, -0x10, 1:30, -1_0]}\n")
        #expect(ok.config?.space.parameters.first?.distribution == .categorical(values: [.int(Int.min), .int(Int.max), -16, 90, -10], probabilities: nil))
    }

    @Test func nanAndInfinityInBoundsAreErrors() {
        let y = load("method: random\nparameters:\n  a: {min: .nan, max: 1.0}\n  b: {min: 0.0, max: .inf}\n")
        #expect(y.errors.map(\.keyPath) == ["parameters.a.min", "parameters.b.max"])
        let j = load("{\"method\": \"random\", \"parameters\": {\"a\": {\"min\": NaN, \"max\": Infinity}}}")
        #expect(j.errors.count == 2)
    }

    @Test func veryLongStringsAreFine() {
        let long = String(repeating: "x", count: 1_000_000)
        let r = load("method: random\nname: \(long)\nparameters:\n  a: {values: [\"\(long)\"]}\n  \(long): {value: 1}\n")
        #expect(r.errors.count == 1)
        #expect(r.errors[0].message.count < 400)
    }

    @Test func missingFileNamesTheFile() {
        let r = SweepConfigLoader.load(path: "/nonexistent/sweep.yaml")
        #expect(r.errors.count == 1)
        #expect(r.errors[0].file == "/nonexistent/sweep.yaml")
        #expect(r.errors[0].message.contains("no such file"))
        #expect(SweepConfigLoader.load(path: "/tmp").errorMessages.first?.contains("directory") == true)
    }
}
