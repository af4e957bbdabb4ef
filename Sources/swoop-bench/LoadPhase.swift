import Foundation

/// A closed-loop load phase: `concurrency` workers each run the operation back to back until the time is
/// up (or the work is exhausted), after an unrecorded warm-up; the server's CPU and memory and the
/// generator's own CPU are measured over the recorded part.
struct LoadPhase: Sendable {
    var system: String
    var name: String
    var concurrency: Int
    var duration: Duration
    var warmup: Duration
    var stepNames: [String] = []
    var serverPID: Int32?

    typealias Operation = @Sendable (_ worker: Int, _ iteration: Int) async throws -> LoadOutcome

    private struct WorkerTally: Sendable {
        var millis: [Double] = []
        var steps: [[Double]]
        var units = 0
        var requests = 0
        var errors = 0
        var firstError: String?
        /// The next iteration number of this worker: the recorded part goes on where the warm-up stopped,
        /// so operations that write new steps per iteration never repeat one.
        var nextIteration = 0
    }

    func run(_ operation: @escaping Operation) async -> PhaseResult {
        Log.line("\(system) \(name): \(concurrency) workers, warm-up \(warmup), then \(duration)")
        let warm = warmup > .zero ? await workers(for: warmup, from: [], operation) : []
        let sampler = serverPID.map { pid in Task { await Self.peakRSS(pid) } }
        let cpuBefore = ProcessStats.selfCPUSeconds()
        let serverBefore = serverPID.map(ProcessStats.treeCPUSeconds)
        let start = ContinuousClock.now
        let tallies = await workers(for: duration, from: warm.map(\.nextIteration), operation)
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.seconds
        let generatorCores = (ProcessStats.selfCPUSeconds() - cpuBefore) / seconds
        let serverCores = serverPID.flatMap { pid in serverBefore.map { (ProcessStats.treeCPUSeconds(pid) - $0) / seconds } }
        sampler?.cancel()
        let peakKB = await sampler?.value
        let units = tallies.map(\.units).reduce(0, +)
        let requests = tallies.map(\.requests).reduce(0, +)
        var steps: [String: LatencySummary] = [:]
        for (i, n) in stepNames.enumerated() { steps[n] = LatencySummary(millis: tallies.flatMap { $0.steps[i] }) }
        let result = PhaseResult(
            system: system, phase: name, concurrency: concurrency, seconds: seconds, requests: requests, units: units,
            unitsPerSecond: Double(units) / seconds, requestsPerSecond: Double(requests) / seconds,
            errors: tallies.map(\.errors).reduce(0, +), firstError: tallies.compactMap(\.firstError).first,
            latency: LatencySummary(millis: tallies.flatMap(\.millis)), steps: steps,
            generatorCores: generatorCores, serverCores: serverCores, serverPeakRSSMB: peakKB.map { Double($0) / 1024 })
        Log.line(String(
            format: "  %.0f units/s, %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors, generator %.2f cores, server %.2f cores",
            result.unitsPerSecond, result.requestsPerSecond, result.latency.p50, result.latency.p99, result.errors,
            generatorCores, serverCores ?? -1))
        if let e = result.firstError { Log.line("  first error: \(e)") }
        return result
    }

    /// Runs the workers; worker i starts at iteration `from[i]` (0 when absent). Tallies come back in worker order.
    private func workers(for duration: Duration, from: [Int], _ operation: @escaping Operation) async -> [WorkerTally] {
        let deadline = ContinuousClock.now + duration
        let stepCount = stepNames.count
        return await withTaskGroup(of: (Int, WorkerTally).self) { group in
            for worker in 0..<concurrency {
                let start = worker < from.count ? from[worker] : 0
                group.addTask {
                    var tally = WorkerTally(steps: Array(repeating: [], count: stepCount))
                    var iteration = start
                    while ContinuousClock.now < deadline {
                        do {
                            let (outcome, millis) = try await Stopwatch.time { try await operation(worker, iteration) }
                            if outcome.units < 0 { break }
                            tally.millis.append(millis)
                            for (i, m) in outcome.stepMillis.prefix(stepCount).enumerated() { tally.steps[i].append(m) }
                            tally.units += outcome.units
                            tally.requests += Swift.max(1, outcome.stepMillis.count)
                        } catch {
                            tally.errors += 1
                            if tally.firstError == nil { tally.firstError = "\(error)" }
                            // A failing server must not turn the loop into a busy spin.
                            if tally.errors > 100 { break }
                        }
                        iteration += 1
                    }
                    tally.nextIteration = iteration
                    return (worker, tally)
                }
            }
            var all: [(Int, WorkerTally)] = []
            for await t in group { all.append(t) }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Samples the server's summed resident memory every 100 ms until cancelled; the largest seen, in KB.
    private static func peakRSS(_ pid: Int32) async -> Int {
        var peak = ProcessStats.treeRSS(pid)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            peak = max(peak, ProcessStats.treeRSS(pid))
        }
        return peak
    }
}
