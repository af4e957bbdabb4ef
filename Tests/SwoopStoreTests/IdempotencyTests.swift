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

    @Test(arguments: Backend.all)
    func oldRecordsAreForgottenOldestFirstInBatches(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            for i in 0..<5 {
                _ = try await store.recordIdempotent(key: "old\(i)", response: Data([UInt8(i)]), now: Seed.t0.plus(Double(i)))
            }
            _ = try await store.recordIdempotent(key: "new", response: Data([9]), now: Seed.t0.plus(100))
            // Before t0+4: records 0...3, two at a time, oldest first.
            #expect(try await store.expireIdempotencyRecords(before: Seed.t0.plus(4), limit: 2) == 2)
            #expect(try await store.idempotentResponse(key: "old0") == nil)
            #expect(try await store.idempotentResponse(key: "old1") == nil)
            #expect(try await store.idempotentResponse(key: "old2") == Data([2]))
            #expect(try await store.expireIdempotencyRecords(before: Seed.t0.plus(4), limit: 2) == 2)
            #expect(try await store.expireIdempotencyRecords(before: Seed.t0.plus(4), limit: 2) == 0)
            #expect(try await store.idempotentResponse(key: "old4") == Data([4]))
            #expect(try await store.idempotentResponse(key: "new") == Data([9]))
            // A forgotten key is a fresh one: its next answer is recorded anew.
            #expect(try await store.recordIdempotent(key: "old0", response: Data([7]), now: Seed.t0.plus(200)) == Data([7]))
            await #expect(throws: StoreError.invalid(field: "limit", reason: "must be positive")) {
                try await store.expireIdempotencyRecords(before: Seed.t0, limit: 0)
            }
        }
    }
}
