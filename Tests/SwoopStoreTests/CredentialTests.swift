import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// `credential(hash:replayKey:)` reads in one trip what separate calls read before; it must agree with them.
@Suite struct CredentialTests {
    static func key(_ user: UserID, _ scope: APIKeyScope, hash: Character, run: RunID? = nil, agent: AgentID? = nil) -> APIKeyRecord {
        APIKeyRecord(id: .random(), userID: user, name: "k", prefix: "swoop_\(hash)", hash: String(repeating: hash, count: 64),
                     scope: scope, runID: run, agentID: agent, createdAt: Seed.t0)
    }

    @Test(arguments: Backend.all)
    func eachScopeBringsWhatItsRequestsNeed(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let ada = try await store.createUser(name: "ada", email: nil, role: .member, entity: nil, now: Seed.t0)
            _ = try await store.setMembership(entity: seed.entity.id, user: ada.id, role: .admin, now: Seed.t0)
            let agent = try await seed.agent(store)
            let userKey = try await store.createAPIKey(Self.key(ada.id, .user, hash: "a"))
            let agentKey = try await store.createAPIKey(Self.key(ada.id, .agent, hash: "b", agent: agent.id))
            let runKey = try await store.createAPIKey(Self.key(ada.id, .run, hash: "c", run: "r1"))

            let user = try await store.credential(hash: userKey.hash, replayKey: nil)
            #expect(user == Credential(key: userKey, user: ada, memberships: try await store.memberships(user: ada.id)))
            #expect(user.memberships.map(\.entityID) == [seed.entity.id])

            let byAgent = try await store.credential(hash: agentKey.hash, replayKey: nil)
            #expect(byAgent == Credential(key: agentKey, agent: try await store.agent(id: agent.id)))

            let run = try await store.credential(hash: runKey.hash, replayKey: nil)
            #expect(run == Credential(key: runKey))

            await #expect(throws: StoreError.notFound(kind: "api key", id: "(by hash)")) {
                try await store.credential(hash: String(repeating: "d", count: 64), replayKey: "x")
            }
            // A revoked key is still found: the server, not the store, refuses it.
            _ = try await store.revokeAPIKey(id: runKey.id, now: Seed.t0.plus(1))
            #expect(try await store.credential(hash: runKey.hash, replayKey: nil).key.revokedAt == Seed.t0.plus(1))
        }
    }

    @Test(arguments: Backend.all)
    func replayIsTheStoredAnswerForTheKeyAsked(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let ada = try await store.createUser(name: "ada", email: nil, role: .member, entity: nil, now: Seed.t0)
            let key = try await store.createAPIKey(Self.key(ada.id, .user, hash: "e"))
            #expect(try await store.credential(hash: key.hash, replayKey: "k1").replay == nil)
            let answer = Data("{\"status\":201}".utf8)
            _ = try await store.recordIdempotent(key: "k1", response: answer, now: Seed.t0)
            #expect(try await store.credential(hash: key.hash, replayKey: "k1").replay == answer)
            #expect(try await store.credential(hash: key.hash, replayKey: "k2").replay == nil)
            #expect(try await store.credential(hash: key.hash, replayKey: nil).replay == nil)
        }
    }

    @Test(arguments: Backend.all)
    func queueItemComesWithItsQueue(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let item = try await store.enqueue(queue: seed.queue.id, spec: ["a": 1], priority: .medium, run: nil, sweep: nil,
                                               isScheduler: false, now: Seed.t0)
            let (found, queue) = try await store.queueItemAndQueue(id: item.id)
            #expect(found == item)
            #expect(queue == seed.queue)
            await #expect(throws: StoreError.notFound(kind: "queue item", id: "nope")) {
                try await store.queueItemAndQueue(id: "nope")
            }
        }
    }
}
