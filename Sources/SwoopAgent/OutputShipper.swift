import Foundation
import Logging
import SwoopClient
import SwoopModel

/// Sends the output of all of an agent's runs in rounds: one request per round (per 200 runs) carrying
/// every run's pending log text and metric points, instead of two requests per run every 200 ms. A
/// hundred runs printing progress lines would otherwise keep the server busy with hundreds of small
/// writes a second. Rounds run while any run is registered; `remove` waits for a round in flight, so a
/// run's last flush never races one.
public actor OutputShipper {
    /// Sends what the recorders have pending and settles each with its answer.
    public typealias Send = @Sendable ([RunOutputRecorder]) async -> Void

    private let send: Send
    /// By recorder, not by run: two executions of one run may overlap (a resumed scheduler, a requeued run).
    private var recorders: [ObjectIdentifier: RunOutputRecorder] = [:]
    private var round: Task<Void, Never>?
    private var running = false

    public init(send: @escaping Send) { self.send = send }

    /// The agent's batched send (`POST /agents/{agent}/output`); a failed request leaves everything pending.
    public static func agent(_ agent: AgentID, client: SwoopClient, logger: Logger) -> OutputShipper {
        OutputShipper { recorders in
            var batches: [(RunOutputRecorder, RunOutputBatch)] = []
            for r in recorders { if let b = await r.batch() { batches.append((r, b)) } }
            for range in requests(sizes: batches.map { estimatedBytes($0.1) }) {
                let part = batches[range]
                do {
                    let results = try await client.appendRunOutput(agent: agent, batches: part.map(\.1))
                    for ((recorder, batch), result) in zip(part, results) {
                        if let error = result.error { logger.debug("output of run \(batch.run) not taken: \(error.message)") }
                        await recorder.settle(batch, result)
                    }
                } catch {
                    logger.warning("could not send the output of \(part.count) run(s): \(error)")
                }
            }
        }
    }

    /// Consecutive runs per request: at most `RunOutputBatch.maxRuns`, and about `maxBytes` in all (the
    /// server takes JSON bodies of 4 MiB; each run's piece is at most half a MiB of log).
    static func requests(sizes: [Int], maxBytes: Int = 3 << 20) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0, bytes = 0
        for (i, size) in sizes.enumerated() {
            if i > start, i - start >= RunOutputBatch.maxRuns || bytes + size > maxBytes {
                out.append(start..<i)
                start = i
                bytes = 0
            }
            bytes += size
        }
        if start < sizes.count { out.append(start..<sizes.count) }
        return out
    }

    /// A batch's JSON size, near enough: its log as JSON writes it (quotes, backslashes and newlines take
    /// two bytes, other control characters six), about 48 bytes per metric value, the envelope.
    static func estimatedBytes(_ batch: RunOutputBatch) -> Int {
        var log = 0
        for byte in batch.log.utf8 {
            switch byte {
            case 0x22, 0x5C, 0x0A, 0x0D, 0x09: log += 2
            case ..<0x20: log += 6
            default: log += 1
            }
        }
        return log + batch.points.reduce(0) { $0 + 32 + $1.values.count * 48 } + 200
    }

    /// Without an agent (`swoop launch --local`, one run): each recorder sends its own output.
    public static func perRun() -> OutputShipper {
        OutputShipper { recorders in for r in recorders { await r.flush() } }
    }

    /// How often output goes out with `runs` runs registered: every 200 ms while they are few, then spaced
    /// so each run's output is sent about 20 times a second in all (each a log and a metric write on the
    /// server), at most 10 s apart. W&B's client streams its files every 15 s.
    static func interval(runs: Int) -> Duration {
        .milliseconds(min(10_000, max(200, runs * 50)))
    }

    public func add(_ recorder: RunOutputRecorder) {
        recorders[ObjectIdentifier(recorder)] = recorder
        if !running {
            running = true
            Task { await self.rounds() }
        }
    }

    /// Stops sending for the recorder; returns once no round that includes it is in flight.
    public func remove(_ recorder: RunOutputRecorder) async {
        recorders[ObjectIdentifier(recorder)] = nil
        await round?.value
    }

    private func rounds() async {
        while !recorders.isEmpty {
            try? await Task.sleep(for: Self.interval(runs: recorders.count))
            let batch = Array(recorders.values)
            if batch.isEmpty { break }
            let send = self.send
            let task = Task { await send(batch) }
            round = task
            await task.value
            round = nil
        }
        running = false
    }
}
