import Testing
@testable import SwoopAgent

/// How often an agent's output rounds go out, by how many runs it runs.
@Suite struct OutputShipperTests {
    @Test func fewRunsSendEvery200msAndManyKeepTheServerNearTwentyRunWritesASecond() {
        for runs in [0, 1, 4] { #expect(OutputShipper.interval(runs: runs) == .milliseconds(200), "\(runs) runs") }
        #expect(OutputShipper.interval(runs: 20) == .seconds(1))
        #expect(OutputShipper.interval(runs: 100) == .seconds(5))
        for runs in [200, 5000] { #expect(OutputShipper.interval(runs: runs) == .seconds(10), "\(runs) runs") }
        // Up to 200 runs the agent's total rate (runs / interval) stays at or under 20 batches a second; past
        // that the 10 s cap wins, so no run's output waits longer.
        for runs in stride(from: 4, through: 200, by: 7) {
            let interval = OutputShipper.interval(runs: runs)
            let perSecond = Double(runs) / (Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
            #expect(perSecond <= 20.0 + 1e-9, "\(runs) runs: \(perSecond)/s")
        }
    }
}
