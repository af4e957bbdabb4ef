import Foundation
import SwoopModel
import Testing
@testable import SwoopServer

/// The server forgets idempotent answers after its retention, so the table does not grow forever.
@Suite struct IdempotencyExpiryTests {
    @Test(arguments: TestBackend.all)
    func answersOlderThanTheRetentionAreDropped(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configure: { $0.idempotencyRetention = .seconds(3600) }) { h in
            // SwoopClient puts an Idempotency-Key on every write: three writes, three records.
            _ = try await h.client.createEntity(name: "a")
            _ = try await h.client.createEntity(name: "b")
            let c = try await h.client.createEntity(name: "c")
            let service = IdempotencyExpiryService(env: h.env)
            #expect(await service.expireOnce(now: Date()) == 0, "inside the retention nothing goes")
            #expect(await service.expireOnce(now: Date().addingTimeInterval(3600 + 60)) == 3)
            #expect(await service.expireOnce(now: Date().addingTimeInterval(3600 + 60)) == 0)
            // The server still works, and writes are recorded again.
            #expect(try await h.client.entity(id: c.id).name == "c")
            _ = try await h.client.createEntity(name: "d")
            #expect(await service.expireOnce(now: Date().addingTimeInterval(3600 + 60)) == 1)
        }
    }
}
