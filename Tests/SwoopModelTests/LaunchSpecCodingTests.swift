import Foundation
import Testing
@testable import SwoopModel

/// The queue item spec is written by several programs (CLI, schedulers in any language), so its
/// decoding must accept what they leave out and name what is wrong.
@Suite struct LaunchSpecCodingTests {
    @Test func minimalSpecTakesDefaults() throws {
        let spec = try LaunchSpec(json: ["entity": "e", "project": "p", "job": "e/p/train:latest"])
        #expect(spec.kind == .run)
        #expect(spec.overrides == LaunchOverrides())
        #expect(spec.resumeCount == 0)
        #expect(spec.job == "e/p/train:latest")
    }

    @Test func roundTripKeepsEveryField() throws {
        let spec = LaunchSpec(
            kind: .scheduler, job: "e/p/j:v2", jobVersion: 2, entity: "e", project: "p", name: "n", author: "a",
            overrides: LaunchOverrides(args: ["--x=1"], runConfig: ["lr": .double(0.1)], entryPoint: ["${env}", "${args}"]),
            resourceArgs: ["gpus": .int(1)], resumeCount: 3
        )
        #expect(try LaunchSpec(json: spec.json) == spec)
    }

    @Test func partialOverridesDecode() throws {
        let spec = try LaunchSpec(json: ["entity": "e", "project": "p", "overrides": ["args": ["--a"]]])
        #expect(spec.overrides.args == ["--a"])
        #expect(spec.overrides.runConfig.isEmpty)
        #expect(spec.overrides.entryPoint == nil)
    }

    @Test func missingEntityIsNamed() {
        #expect {
            _ = try LaunchSpec(json: ["project": "p"])
        } throws: { error in
            "\(error)".contains("entity")
        }
    }

    @Test func wrongTypeIsNamed() {
        #expect {
            _ = try LaunchSpec(json: ["entity": "e", "project": "p", "overrides": ["args": "--a"]])
        } throws: { error in
            "\(error)".contains("args")
        }
    }
}
