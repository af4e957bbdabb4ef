import Foundation
import SwoopModel
import Testing
@testable import SwoopAgent

/// The run's environment, metric lines on standard output, final states, agent limits, container lines.
@Suite struct RunSidePartsTests {
    @Test func runEnvironment() {
        let env = RunEnvironment(
            baseURL: "http://127.0.0.1:9", runToken: "swoop_x", runID: "r1", project: "p", entity: "e", sweepID: "s1",
            config: ["lr": 0.1, "act": "relu"], configFile: "/w/runs/r1/swoop-config.json")
        let merged = env.merged(over: ["PATH": "/bin", "SWOOP_API_KEY": "agent-secret", "SWOOP_OTHER": "x"])
        #expect(merged == [
            "PATH": "/bin", "SWOOP_BASE_URL": "http://127.0.0.1:9", "SWOOP_API_KEY": "swoop_x", "SWOOP_RUN_ID": "r1",
            "SWOOP_PROJECT": "p", "SWOOP_ENTITY": "e", "SWOOP_SWEEP_ID": "s1", "SWOOP_CONFIG": #"{"act": "relu", "lr": 0.1}"#,
            "SWOOP_CONFIG_FILE": "/w/runs/r1/swoop-config.json",
        ])
        var noSweep = env
        noSweep.sweepID = nil
        #expect(noSweep.variables["SWOOP_SWEEP_ID"] == nil)
    }

    @Test func stdoutMetricLines() {
        var p = StdoutMetricParser()
        #expect(p.parse("epoch 1 done") == .text)
        #expect(p.parse(#"@swoop {"loss": 0.5, "epoch": 1}"#) == .metrics(MetricPoint(step: 0, values: ["loss": 0.5, "epoch": 1])))
        #expect(p.parse(#"@swoop {"loss": 0.4, "val": {"acc": 0.9, "note": "x"}, "ok": true}"#)
            == .metrics(MetricPoint(step: 1, values: ["loss": 0.4, "val.acc": 0.9])))
        #expect(p.parse(#"@swoop {"_step": 10, "loss": 0.3}"#) == .metrics(MetricPoint(step: 10, values: ["loss": 0.3])))
        #expect(p.parse(#"@swoop {"loss": 0.2}"#) == .metrics(MetricPoint(step: 11, values: ["loss": 0.2])))
        guard case .invalid(let why) = p.parse("@swoop [1, 2]") else { Issue.record("a list is not a row"); return }
        #expect(why.contains("expected a JSON object"))
        guard case .invalid = p.parse("@swoop {oops") else { Issue.record("bad JSON is reported"); return }
        guard case .invalid(let step) = p.parse(#"@swoop {"_step": -1, "a": 1}"#) else { Issue.record("negative step"); return }
        #expect(step.contains("_step"))
        guard case .invalid = p.parse(#"@swoop {"name": "x"}"#) else { Issue.record("no numbers"); return }
        #expect(p.parse("@swoopy {}") == .text)
    }

    @Test func finalStates() {
        #expect(RunExecutor.finalState(.exited(0), stopRequested: false) == (.finished, 0, nil))
        #expect(RunExecutor.finalState(.exited(3), stopRequested: false) == (.failed, 3, "exited with code 3"))
        #expect(RunExecutor.finalState(.signaled(9), stopRequested: false) == (.crashed, 137, "killed by signal 9"))
        #expect(RunExecutor.finalState(.signaled(15), stopRequested: true) == (.stopped, 143, "stopped on request"))
        #expect(RunExecutor.finalState(.couldNotStart("command 'x' not found"), stopRequested: false) == (.failed, nil, "command 'x' not found"))
    }

    @Test func agentLimitsFollowFact51() throws {
        #expect(try LaunchAgentOptions.limit(1, name: "max_jobs") == 1)
        #expect(try LaunchAgentOptions.limit(0, name: "max_jobs") == 0)
        #expect(try LaunchAgentOptions.limit(-1, name: "max_jobs") == nil)
        #expect(throws: LaunchAgentOptions.LimitError(description: "Invalid value for max_jobs: -2. Error: negative value.")) {
            try LaunchAgentOptions.limit(-2, name: "max_jobs")
        }
    }
}
