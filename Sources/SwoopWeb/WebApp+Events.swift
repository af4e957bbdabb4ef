import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwoopModel
import SwoopServer

extension WebApp {
    /// Server-sent events for a sweep page: `change` whenever the sweep, one of its runs or the scheduler's
    /// log changes. The API's change notifier wakes the stream at once for changes made through this
    /// server; a re-read every 2 s catches the rest (metrics, other replicas).
    func sweepEvents(_ x: WebExchange) async throws -> WebReply {
        let (_, sweep) = try await checkedSweep(x)
        let store = env.store
        let id = sweep.id
        return eventStream(topic: ChangeNotifier.sweepTopic(id)) { cursor in
            let s = try await store.sweepWithoutState(id: id)
            let c = try await Pages.drain(from: cursor) { c in
                let page = try await store.runs(sweep: id, sinceCursor: c, limit: 1000)
                return (page.runs.map(\.id), page.nextCursor)
            }.cursor
            let schedulerLog = (try? await store.run(id: RunID(id.rawValue)).logSize) ?? 0
            return ("\(s.state.rawValue)|\(s.updatedAt.timeIntervalSince1970)|\(c)|\(schedulerLog)", c)
        }
    }

    /// Server-sent events for a run page: `change` when its state, log or metrics move.
    func runEvents(_ x: WebExchange) async throws -> WebReply {
        let (_, run) = try await checkedRun(x)
        let store = env.store
        let id = run.id
        return eventStream(topic: run.sweepID.map { ChangeNotifier.sweepTopic($0) }) { cursor in
            let r = try await store.run(id: id)
            let c = try await Pages.drain(from: cursor) { c in
                let page = try await store.metrics(run: id, since: c, limit: 10_000)
                return (page.points.map(\.step), page.nextCursor)
            }.cursor
            return ("\(r.state.rawValue)|\(r.updatedAt.timeIntervalSince1970)|\(r.logSize)|\(c)", c)
        }
    }

    /// The stream: an event when the fingerprint changes, at most two a second, a comment every 15 s
    /// to keep proxies from closing it, and an end after 5 minutes (the browser reconnects), or at once
    /// when the server shuts down.
    func eventStream(
        topic: String?, fingerprint: @escaping @Sendable (Int64) async throws -> (String, Int64)
    ) -> WebReply {
        let notifier = env.notifier
        let topics: Set<String> = topic.map { [$0] } ?? []
        let body = ResponseBody { writer in
            var (last, cursor) = try await fingerprint(0)
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            let deadline = ContinuousClock.now + .seconds(300)
            var quiet = 0
            while ContinuousClock.now < deadline {
                let seen = await notifier.snapshot(topics)
                guard await notifier.waitUnlessShuttingDown(after: seen, timeout: .seconds(2)) else { break }
                let (now, c) = try await fingerprint(cursor)
                cursor = c
                if now != last {
                    last = now
                    quiet = 0
                    try await writer.write(ByteBuffer(string: "event: change\ndata: \(now)\n\n"))
                    try await Task.sleep(for: .milliseconds(500))
                } else {
                    quiet += 1
                    if quiet % 7 == 0 { try await writer.write(ByteBuffer(string: ": keep-alive\n\n")) }
                }
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return WebReply(status: 200, body: .response(Response(status: .ok, headers: headers, body: body)))
    }
}
