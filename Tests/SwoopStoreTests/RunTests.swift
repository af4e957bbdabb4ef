import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

@Suite struct RunTests {
    @Test(arguments: Backend.all)
    func transitionsFollowTheTableAndStampTimes(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let run = try await store.createRun(id: "myrun", project: seed.project.id, sweep: nil, name: "first", config: ["lr": 0.1], now: Seed.t0)
            #expect(run.state == .queued)
            #expect(run.config == ["lr": 0.1])
            await #expect(throws: StoreError.illegalTransition(kind: "run", id: "myrun", from: "queued", to: "finished")) {
                try await store.transitionRun(id: run.id, to: .finished, exitCode: 0, errorMessage: nil, now: Seed.t0)
            }
            _ = try await store.transitionRun(id: run.id, to: .starting, exitCode: nil, errorMessage: nil, now: Seed.t0.plus(1))
            let running = try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, now: Seed.t0.plus(2))
            #expect(running.startedAt == Seed.t0.plus(2))
            #expect(running.endedAt == nil)
            let failed = try await store.transitionRun(id: run.id, to: .failed, exitCode: 3, errorMessage: "boom", now: Seed.t0.plus(5))
            #expect(failed.state == .failed)
            #expect(failed.exitCode == 3)
            #expect(failed.errorMessage == "boom")
            #expect(failed.endedAt == Seed.t0.plus(5))
            await #expect(throws: StoreError.illegalTransition(kind: "run", id: "myrun", from: "failed", to: "running")) {
                try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, now: Seed.t0)
            }
            #expect(try await store.run(id: run.id).state == .failed)
            await #expect(throws: StoreError.conflict(kind: "run", id: "myrun", reason: "a run with this id exists")) {
                try await store.createRun(id: "myrun", project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "run", id: "ghost")) {
                try await store.transitionRun(id: "ghost", to: .running, exitCode: nil, errorMessage: nil, now: Seed.t0)
            }
        }
    }

    @Test(arguments: Backend.all)
    func preemptedRunGoesBackToQueued(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            for s in [RunState.running, .preempted, .queued, .starting, .running, .finished] {
                _ = try await store.transitionRun(id: run.id, to: s, exitCode: s == .finished ? 0 : nil, errorMessage: nil, now: Seed.t0)
            }
            let done = try await store.run(id: run.id)
            #expect(done.state == .finished)
            #expect(done.exitCode == 0)
        }
    }

    @Test(arguments: Backend.all)
    func metricsAreIdempotentAndReadSinceACursor(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            let batch1 = MetricBatch(points: [
                MetricPoint(step: 0, values: ["loss": 1.0, "acc": 0.1]),
                MetricPoint(step: 1, values: ["loss": 0.5, "epoch": 1]),
            ])
            let r1 = try await store.appendMetrics(run: run.id, batch: batch1, now: Seed.t0)
            #expect(r1 == MetricAppendResult(inserted: 4, ignored: 0, replayed: false))
            // The same batch again (a retry without key) stores nothing new; first values win.
            let again = try await store.appendMetrics(run: run.id, batch: batch1, now: Seed.t0)
            #expect(again == MetricAppendResult(inserted: 0, ignored: 4, replayed: false))
            let changed = MetricBatch(points: [MetricPoint(step: 1, values: ["loss": 9.0, "acc": 0.2])])
            #expect(try await store.appendMetrics(run: run.id, batch: changed, now: Seed.t0) == MetricAppendResult(inserted: 1, ignored: 1, replayed: false))

            let all = try await store.metrics(run: run.id, since: 0, limit: 100)
            // Values of one step written one after the other read back as one point.
            #expect(all.points == [
                MetricPoint(step: 0, values: ["acc": 0.1, "loss": 1.0]),
                MetricPoint(step: 1, values: ["epoch": 1, "loss": 0.5, "acc": 0.2]),
            ])
            // Ints stay ints, doubles stay doubles.
            #expect(all.points[1].values["epoch"] == .int(1))
            #expect(all.points[0].values["loss"] == .double(1.0))

            // Reading in small pages from a cursor returns each value exactly once.
            var cursor: Int64 = 0
            var values: [String] = []
            while true {
                let page = try await store.metrics(run: run.id, since: cursor, limit: 2)
                if page.points.isEmpty { #expect(page.nextCursor == cursor); break }
                #expect(page.nextCursor > cursor)
                cursor = page.nextCursor
                values += page.points.flatMap { p in p.values.keys.sorted().map { "\(p.step):\($0)" } }
            }
            #expect(values == ["0:acc", "0:loss", "1:epoch", "1:loss", "1:acc"])

            let tail = try await store.appendMetrics(run: run.id, batch: MetricBatch(points: [MetricPoint(step: 2, values: ["loss": 0.25])]), now: Seed.t0)
            #expect(tail.inserted == 1)
            // A late value for an earlier step comes after the newer ones: write order, not step order.
            _ = try await store.appendMetrics(run: run.id, batch: MetricBatch(points: [MetricPoint(step: 0, values: ["lr": 0.01])]), now: Seed.t0)
            let newer = try await store.metrics(run: run.id, since: cursor, limit: 100)
            #expect(newer.points == [MetricPoint(step: 2, values: ["loss": 0.25]), MetricPoint(step: 0, values: ["lr": 0.01])])
        }
    }

    @Test(arguments: Backend.all)
    func metricBatchKeyReplaysTheFirstAnswer(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            let batch = MetricBatch(points: [MetricPoint(step: 7, values: ["x": 1])], idempotencyKey: "batch-1")
            #expect(try await store.appendMetrics(run: run.id, batch: batch, now: Seed.t0) == MetricAppendResult(inserted: 1, ignored: 0, replayed: false))
            // Same key, different content: the key wins and nothing is written.
            let other = MetricBatch(points: [MetricPoint(step: 8, values: ["x": 2])], idempotencyKey: "batch-1")
            #expect(try await store.appendMetrics(run: run.id, batch: other, now: Seed.t0) == MetricAppendResult(inserted: 1, ignored: 0, replayed: true))
            #expect(try await store.metrics(run: run.id, since: 0, limit: 10).points == [MetricPoint(step: 7, values: ["x": 1])])
        }
    }

    @Test(arguments: Backend.all)
    func metricsRejectBadInput(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            await #expect(throws: StoreError.invalid(field: "step", reason: "must be >= 0, got -1")) {
                try await store.appendMetrics(run: run.id, batch: MetricBatch(points: [MetricPoint(step: -1, values: ["a": 1])]), now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "run", id: "ghost")) {
                try await store.appendMetrics(run: "ghost", batch: MetricBatch(points: [MetricPoint(step: 1, values: ["a": 1])]), now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "run", id: "ghost")) { try await store.metrics(run: "ghost", since: 0, limit: 1) }
        }
    }

    @Test(arguments: Backend.all)
    func summaryReplacesTheOldOne(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            _ = try await store.setSummary(run: run.id, summary: ["loss": 0.5, "best": ["step": 3]], now: Seed.t0)
            let r = try await store.setSummary(run: run.id, summary: ["loss": 0.25], now: Seed.t0.plus(1))
            #expect(r.summary == ["loss": 0.25])
            #expect(try await store.run(id: run.id).summary == ["loss": 0.25])
            await #expect(throws: StoreError.self) { try await store.setSummary(run: run.id, summary: [1, 2], now: Seed.t0) }
        }
    }

    @Test(arguments: Backend.all)
    func logsGrowAtTheirEndOnly(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            #expect(try await store.appendLog(run: run.id, offset: 0, text: "épo 1\n", now: Seed.t0) == 7)
            #expect(try await store.appendLog(run: run.id, offset: 7, text: "epoch 2\n", now: Seed.t0) == 15)
            // A resent chunk is accepted and changes nothing.
            #expect(try await store.appendLog(run: run.id, offset: 7, text: "epoch 2\n", now: Seed.t0) == 15)
            await #expect(throws: StoreError.conflict(kind: "run", id: run.id.rawValue, reason: "log already has different text at offset 7 (size 15)")) {
                try await store.appendLog(run: run.id, offset: 7, text: "other\n", now: Seed.t0)
            }
            await #expect(throws: StoreError.self) { try await store.appendLog(run: run.id, offset: 20, text: "gap", now: Seed.t0) }
            #expect(try await store.appendLog(run: run.id, offset: 15, text: "", now: Seed.t0) == 15)
            #expect(try await store.run(id: run.id).logSize == 15)

            let all = try await store.logs(run: run.id, from: 0, limit: 100)
            #expect(all.chunks == [LogChunk(offset: 0, text: "épo 1\n"), LogChunk(offset: 7, text: "epoch 2\n")])
            #expect(all.nextOffset == 15)
            // From inside the first chunk: that chunk is returned whole (the caller skips what it has).
            let mid = try await store.logs(run: run.id, from: 3, limit: 1)
            #expect(mid.chunks == [LogChunk(offset: 0, text: "épo 1\n")])
            #expect(mid.nextOffset == 7)
            let end = try await store.logs(run: run.id, from: 15, limit: 100)
            #expect(end.chunks.isEmpty)
            #expect(end.nextOffset == 15)
        }
    }
}

@Suite struct RunStopTests {
    @Test(arguments: Backend.all)
    func stopRequestsReachTheSchedulerCursor(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let sweep = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: nil, priority: .medium, now: Seed.t0)
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: sweep.id, name: nil, config: [:], now: Seed.t0)
            let cursor = try await store.runs(sweep: sweep.id, sinceCursor: 0, limit: 10).nextCursor
            _ = try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, now: Seed.t0)
            let asked = try await store.requestStop(run: run.id, now: Seed.t0.plus(3))
            #expect(asked.stopRequestedAt == Seed.t0.plus(3))
            #expect(asked.state == .running)
            // Asking again keeps the first request's time.
            #expect(try await store.requestStop(run: run.id, now: Seed.t0.plus(9)).stopRequestedAt == Seed.t0.plus(3))
            let changed = try await store.runs(sweep: sweep.id, sinceCursor: cursor, limit: 10)
            #expect(changed.runs.map(\.stopRequestedAt) == [Seed.t0.plus(3)])
            let stopped = try await store.transitionRun(id: run.id, to: .stopped, exitCode: nil, errorMessage: nil, now: Seed.t0.plus(10))
            // A run that ended is left as it is.
            #expect(try await store.requestStop(run: run.id, now: Seed.t0.plus(11)) == stopped)
            let done = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            _ = try await store.transitionRun(id: done.id, to: .stopped, exitCode: nil, errorMessage: nil, now: Seed.t0)
            #expect(try await store.requestStop(run: done.id, now: Seed.t0).stopRequestedAt == nil)
        }
    }
}
