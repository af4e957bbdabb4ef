import Foundation
import Testing

/// `swoop sweep validate` as a real process: messages name file, key path and line; exit codes 0/1/2.
@Suite struct ValidateCommandTests {
    @Test func validFileExitsZero() throws {
        let good = try SwoopProcess.temporaryFile("good.yaml", """
            method: random
            metric: {name: loss}
            parameters:
              lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
            """)
        let out = try SwoopProcess.run(["sweep", "validate", good])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect((out.stdout + out.stderr).contains("good.yaml"))
    }

    @Test func invalidFileExitsOneNamingFileKeyAndLine() throws {
        let bad = try SwoopProcess.temporaryFile("bad.yaml", """
            method: random
            parameters:
              lr:
                min: 0.5
                max: 0.1
            """)
        let out = try SwoopProcess.run(["sweep", "validate", bad])
        #expect(out.status == 1)
        let text = out.stdout + out.stderr
        #expect(text.contains("bad.yaml:"))
        #expect(text.contains("parameters.lr"))
        #expect(text.contains("error"))
    }

    @Test func deprecatedDistributionOnlyWarns() throws {
        let old = try SwoopProcess.temporaryFile("old.yaml", """
            method: random
            parameters:
              a: {distribution: log_uniform, min: -5, max: 0}
            """)
        let out = try SwoopProcess.run(["sweep", "validate", old])
        #expect(out.status == 0)
        #expect((out.stdout + out.stderr).contains("a uses log_uniform, where min/max specify base-e exponents. Use log_uniform_values to specify limit values."))
    }

    @Test func anyInvalidFileAmongSeveralExitsOne() throws {
        let good = try SwoopProcess.temporaryFile("good.yaml", "method: grid\nparameters:\n  a: {values: [1, 2]}\n")
        let bad = try SwoopProcess.temporaryFile("bad.json", #"{"method": "grid", "parameters": {"a": {"min": 0.0, "max": 1.0}}}"#)
        let out = try SwoopProcess.run(["sweep", "validate", good, bad])
        #expect(out.status == 1)
        #expect((out.stdout + out.stderr).contains("bad.json"))
    }

    @Test func outputLinesAndSummariesHaveTheDocumentedFormat() throws {
        let good = try SwoopProcess.temporaryFile("good.yaml", "method: random\nparameters:\n  a: {distribution: log_uniform, min: 0, max: 1}\n")
        let bad = try SwoopProcess.temporaryFile("bad.yaml", "method: grid\nparameters:\n  a: {min: 0.5, max: 0.1}\n")
        let ok = try SwoopProcess.run(["sweep", "validate", good])
        #expect(ok.stdout.hasSuffix("\(good): valid (1 warning)\n"))
        let both = try SwoopProcess.run(["sweep", "validate", good, bad])
        let lines = both.lines
        try #require(lines.count == 4)
        #expect(lines[2] == "\(bad):3:6: error: parameters.a: a: min 0.5 is not less than max 0.1")
        #expect(lines[3] == "\(bad): invalid (1 error)")
    }

    @Test func usageErrorExitsTwo() throws {
        let none = try SwoopProcess.run(["sweep", "validate"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("give at least one"))
        #expect(try SwoopProcess.run(["sweep", "validate", "--no-such-flag", "x.yaml"]).status == 2)
        let missing = try SwoopProcess.run(["sweep", "validate", "/nonexistent/nope.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("no such file"))
    }

    @Test func garbageNeverCrashes() throws {
        let junk = try SwoopProcess.temporaryFile("junk.yaml", "\u{0}\u{1}{{{[[[: : :\n\t- ]]")
        let out = try SwoopProcess.run(["sweep", "validate", junk])
        #expect(out.status == 1)
        #expect((out.stdout + out.stderr).contains("junk.yaml"))
    }
}
