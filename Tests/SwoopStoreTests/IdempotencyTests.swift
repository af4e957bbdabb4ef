import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

@Suite struct IdempotencyTests {
    @Test(arguments: Backend.all)
    func retriedWriteReplaysItsFirstAnswer(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            #expect(try await store.idempotentResponse(key: "u1:POST /runs:abc") == nil)
            let first = Data(#"{"id":"r1"}"#.utf8)
            #expect(try await store.recordIdempotent(key: "u1:POST /runs:abc", response: first, now: Seed.t0) == first)
            let retry = Data(#"{"id":"r2"}"#.utf8)
            #expect(try await store.recordIdempotent(key: "u1:POST /runs:abc", response: retry, now: Seed.t0) == first)
            #expect(try await store.idempotentResponse(key: "u1:POST /runs:abc") == first)
            // Binary responses survive byte for byte.
            let bytes = Data([0, 255, 10, 13, 0])
            #expect(try await store.recordIdempotent(key: "bin", response: bytes, now: Seed.t0) == bytes)
            await #expect(throws: StoreError.self) { try await store.recordIdempotent(key: "", response: first, now: Seed.t0) }
        }
    }
}
