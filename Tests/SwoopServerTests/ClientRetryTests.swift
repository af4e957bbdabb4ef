import Foundation
import SwoopClient
import SwoopModel
import Testing

/// SwoopClient's retry guarantee, through a real proxy that loses answers: a write retried after a dropped
/// connection or a 502/503/504 carries the same Idempotency-Key and is applied once; other errors are
/// not retried.
@Suite struct ClientRetryTests {
    static let spec: JSONValue = ["job": "team/proj/train:latest"]

    /// A client through the proxy that retries as in production (4 attempts).
    static func retrying(_ proxy: FaultyProxy, _ h: ServerHarness) -> SwoopClient {
        SwoopClient(baseURL: proxy.baseURL, apiKey: h.adminKey, maxAttempts: 4, requestTimeout: 20)
    }

    /// Every attempt the proxy saw carried one and the same non-empty key.
    static func expectOneKey(_ script: ProxyScript, attempts: Int, sourceLocation: SourceLocation = #_sourceLocation) async {
        let keys = await script.idempotencyKeys
        let requests = await script.requests
        #expect(keys.count == attempts, "\(requests)", sourceLocation: sourceLocation)
        #expect(Set(keys).count == 1 && keys.first?.isEmpty == false, "\(keys)", sourceLocation: sourceLocation)
    }

    @Test(arguments: TestBackend.all)
    func droppedConnectionIsRetriedAndTheWriteAppliedOnce(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let script = ProxyScript([.init(fault: .dropAfterForwarding)])
            try await FaultyProxy.with(upstreams: [h.baseURL], script: script) { proxy in
                let item = try await Self.retrying(proxy, h).enqueue(queue: w.queue.id, spec: Self.spec)
                await Self.expectOneKey(script, attempts: 2)
                let items = try await h.client.listQueueItems(queue: w.queue.id).items
                #expect(items.map(\.id) == [item.id], "the first attempt's item, answered again to the retry")

                await script.arm([.init(fault: .dropAfterForwarding), .init(fault: .dropAfterForwarding)])
                let run = try await Self.retrying(proxy, h).createRun(project: w.project.id, name: "once")
                #expect(try await h.client.listRuns(project: w.project.id).items.map(\.id) == [run.id])
                let seen = await script.requests.count
                #expect(seen == 5)
            }
        }
    }

    @Test(arguments: TestBackend.all, [502, 503, 504])
    func gatewayErrorsAreRetriedAndTheWriteAppliedOnce(_ backend: TestBackend, status: Int) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            // The server applied the write; a gateway answered `status` instead of its answer.
            let script = ProxyScript([.init(fault: .replaceAnswer(status))])
            try await FaultyProxy.with(upstreams: [h.baseURL], script: script) { proxy in
                let first = try await Self.retrying(proxy, h).enqueue(queue: w.queue.id, spec: Self.spec)
                await Self.expectOneKey(script, attempts: 2)

                // Refused before reaching the server, then applied but its answer lost: still one item.
                let second = ProxyScript([.init(fault: .answerOnly(status)), .init(fault: .replaceAnswer(status))])
                try await FaultyProxy.with(upstreams: [h.baseURL], script: second) { proxy2 in
                    let item = try await Self.retrying(proxy2, h).enqueue(queue: w.queue.id, spec: Self.spec)
                    await Self.expectOneKey(second, attempts: 3)
                    let items = try await h.client.listQueueItems(queue: w.queue.id).items
                    #expect(Set(items.map(\.id)) == [first.id, item.id] && items.count == 2)
                }
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func clientErrorsAreNotRetried(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let script = ProxyScript()
            try await FaultyProxy.with(upstreams: [h.baseURL], script: script) { proxy in
                let client = Self.retrying(proxy, h)
                for status in [400, 404, 409, 429] {
                    await script.arm([.init(fault: .answerOnly(status))])
                    let before = await script.requests.count
                    await expectServerError(status: status) { _ = try await client.enqueue(queue: w.queue.id, spec: Self.spec) }
                    let seen = await script.requests.count
                    #expect(seen == before + 1, "a \(status) is answered at once, not retried")
                }
                // A real refusal from the server, relayed unchanged.
                await script.arm([])
                let before = await script.requests.count
                await expectServerError(status: 404) { _ = try await client.enqueue(queue: QueueID("nosuchqueue1"), spec: Self.spec) }
                let afterRefusal = await script.requests.count
                #expect(afterRefusal == before + 1)
                let left = try await h.client.listQueueItems(queue: w.queue.id).items
                #expect(left.isEmpty)

                // Retries stop after the last attempt, and a write that never arrived is not applied.
                await script.arm(Array(repeating: .init(fault: .answerOnly(503)), count: 4))
                let start = await script.requests.count
                await expectServerError(status: 503) { _ = try await client.enqueue(queue: w.queue.id, spec: Self.spec) }
                let afterGivingUp = await script.requests.count
                #expect(afterGivingUp == start + 4)
                let stillLeft = try await h.client.listQueueItems(queue: w.queue.id).items
                #expect(stillLeft.isEmpty)
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func aRetryLandingOnAnotherReplicaReplays(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            try await h.withReplica { replica in
                // First attempt applied by this server, its answer lost; the retry goes to the replica.
                let script = ProxyScript([.init(fault: .dropAfterForwarding, upstream: 0), .init(fault: .pass, upstream: 1)])
                try await FaultyProxy.with(upstreams: [h.baseURL, replica.baseURL], script: script) { proxy in
                    let item = try await Self.retrying(proxy, h).enqueue(queue: w.queue.id, spec: Self.spec)
                    await Self.expectOneKey(script, attempts: 2)
                    #expect(try await h.client.listQueueItems(queue: w.queue.id).items.map(\.id) == [item.id])
                }
            }
        }
    }
}
