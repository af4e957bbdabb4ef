import Testing
@testable import SwoopAgent

/// How often each run's output is sent, by how many runs the agent runs.
@Suite struct OutputPacingTests {
    @Test func fewRunsSendEvery200msAndManyKeepTheAgentNearTwentyBatchesASecond() {
        for runs in [0, 1, 4] { #expect(RunExecutor.outputInterval(runs: runs) == .milliseconds(200), "\(runs) runs") }
        #expect(RunExecutor.outputInterval(runs: 20) == .seconds(1))
        #expect(RunExecutor.outputInterval(runs: 100) == .seconds(5))
        for runs in [200, 5000] { #expect(RunExecutor.outputInterval(runs: runs) == .seconds(10), "\(runs) runs") }
        // Up to 200 runs the agent's total rate (runs / interval) stays at or under 20 batches a second; past
        // that the 10 s cap wins, so no run's output waits longer.
        for runs in stride(from: 4, through: 200, by: 7) {
            let interval = RunExecutor.outputInterval(runs: runs)
            let perSecond = Double(runs) / (Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
            #expect(perSecond <= 20.0 + 1e-9, "\(runs) runs: \(perSecond)/s")
        }
    }
}
