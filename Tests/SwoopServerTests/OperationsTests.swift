import Foundation
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// Health, Prometheus metrics, and lease expiry run by the server itself.
@Suite struct OperationsTests {
    @Test(arguments: TestBackend.all)
    func metricsCountRequestsQueuesAndLeases(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configure: { $0.leaseCheckInterval = .milliseconds(50) }) { h in
            let w = try await h.world()
            _ = try await h.client.enqueue(queue: w.queue.id, spec: [:])
            _ = try await h.client.enqueue(queue: w.queue.id, spec: [:])
            let item = try #require(try await h.client.lease(agent: w.agent.id, leaseSeconds: 1))
            // The expiry service takes the lease back once its deadline passes; wait for it to happen.
            while try await h.client.queueItem(id: item.id).state != .pending {
                try await Task.sleep(for: .milliseconds(100))
            }
            let text = try await h.client(key: nil).metricsText()
            #expect(text.contains("swoop_http_requests_total"))
            #expect(text.contains(#"route="/api/v1/queues/{queue}/items""#))
            #expect(text.contains("swoop_http_request_duration_seconds"))
            #expect(text.contains("swoop_leases_granted_total 1"))
            #expect(text.contains("swoop_leases_expired_total 1"))
            #expect(text.contains(#"swoop_queue_pending_items{queue="q",entity="team"} 2"#))
        }
    }
}
