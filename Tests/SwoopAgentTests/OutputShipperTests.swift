import Testing
import SwoopModel
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

/// How a round's pieces are split into requests the server takes.
@Suite struct OutputRequestSplitTests {
    @Test func requestsStayUnderTheRunAndByteLimits() {
        #expect(OutputShipper.requests(sizes: []) == [])
        #expect(OutputShipper.requests(sizes: [10, 10, 10], maxBytes: 100) == [0..<3])
        #expect(OutputShipper.requests(sizes: [60, 60, 60], maxBytes: 100) == [0..<1, 1..<2, 2..<3])
        #expect(OutputShipper.requests(sizes: [40, 50, 20, 90], maxBytes: 100) == [0..<2, 2..<3, 3..<4])
        // One piece larger than the budget still goes, alone.
        #expect(OutputShipper.requests(sizes: [500, 10], maxBytes: 100) == [0..<1, 1..<2])
        let many = OutputShipper.requests(sizes: Array(repeating: 1, count: 450))
        #expect(many == [0..<200, 200..<400, 400..<450])
    }

    @Test func aRunsPieceEndsAtALineWithinTheByteLimit() {
        #expect(RunOutputRecorder.prefix("short\n", maxBytes: 100) == "short\n")
        #expect(RunOutputRecorder.prefix("one\ntwo\nthree\n", maxBytes: 9) == "one\ntwo\n")
        #expect(RunOutputRecorder.prefix("no newline here", maxBytes: 6) == "no new")
        // Never splits a character: é is two bytes.
        #expect(RunOutputRecorder.prefix("éééé", maxBytes: 5) == "éé")
        #expect(RunOutputRecorder.prefix("é", maxBytes: 1) == "é", "a character longer than the limit still goes, alone")
    }
}

/// How much of a run's pending metrics one send takes, and how big a piece is reckoned.
@Suite struct OutputPieceSizeTests {
    @Test func pointsAreCappedByCountAndByValues() {
        let narrow = Array(repeating: MetricPoint(step: 0, values: ["loss": 1]), count: 2500)
        #expect(RunOutputRecorder.pointCount(narrow) == 2000)
        let wide = Array(repeating: MetricPoint(step: 0, values: Dictionary(uniqueKeysWithValues: (0..<3000).map { ("k\($0)", JSONValue.int($0)) })), count: 5)
        #expect(RunOutputRecorder.pointCount(wide) == 3)
        let huge = [MetricPoint(step: 0, values: Dictionary(uniqueKeysWithValues: (0..<20_000).map { ("k\($0)", JSONValue.int($0)) }))]
        #expect(RunOutputRecorder.pointCount(huge) == 1, "one point always goes, however wide")
        #expect(RunOutputRecorder.pointCount([]) == 0)
    }

    @Test func escapesCountInAPiecesSize() {
        let plain = RunOutputBatch(run: "r", logOffset: 0, log: "abc", points: [], idempotencyKey: nil)
        let escaped = RunOutputBatch(run: "r", logOffset: 0, log: "a\"\n\u{01}", points: [], idempotencyKey: nil)
        #expect(OutputShipper.estimatedBytes(plain) == 3 + 200)
        #expect(OutputShipper.estimatedBytes(escaped) == 1 + 2 + 2 + 6 + 200)
        let metrics = RunOutputBatch(run: "r", logOffset: 0, log: "", points: [MetricPoint(step: 1, values: ["a": 1, "b": 2])], idempotencyKey: nil)
        #expect(OutputShipper.estimatedBytes(metrics) == 32 + 2 * 48 + 200)
    }
}
