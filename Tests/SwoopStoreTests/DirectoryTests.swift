import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

@Suite struct DirectoryTests {
    @Test(arguments: Backend.all)
    func entitiesProjectsAndNames(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let e = try await store.createEntity(name: "acme", kind: .team, now: Seed.t0)
            #expect(try await store.entity(named: "acme") == e)
            #expect(try await store.entity(id: e.id).createdAt == Seed.t0)
            await #expect(throws: StoreError.conflict(kind: "entity", id: "acme", reason: "an entity with this name exists")) {
                try await store.createEntity(name: "acme", kind: .user, now: Seed.t0)
            }
            await #expect(throws: StoreError.self) { try await store.createEntity(name: "a/b", kind: .team, now: Seed.t0) }
            let p = try await store.createProject(entity: e.id, name: "vision", now: Seed.t0)
            #expect(try await store.project(entity: e.id, named: "vision") == p)
            await #expect(throws: StoreError.notFound(kind: "project", id: "nope")) { try await store.project(entity: e.id, named: "nope") }
            await #expect(throws: StoreError.notFound(kind: "entity", id: "ghost")) {
                try await store.createProject(entity: "ghost", name: "x", now: Seed.t0)
            }
        }
    }

    @Test(arguments: Backend.all)
    func usersAndKeys(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let e = try await store.createEntity(name: "ada", kind: .user, now: Seed.t0)
            let u = try await store.createUser(name: "ada", email: "ada@example.com", role: .member, entity: e.id, now: Seed.t0)
            #expect(try await store.user(named: "ada") == u)
            #expect(try await store.setUserRole(user: u.id, role: .admin).role == .admin)
            let key = APIKeyRecord(id: .random(), userID: u.id, name: "laptop", prefix: "swp_ab12", hash: String(repeating: "a", count: 64),
                                   scope: .run, runID: "r1", entityID: e.id, createdAt: Seed.t0, expiresAt: Seed.t0.plus(3600))
            #expect(try await store.createAPIKey(key) == key)
            let found = try await store.apiKey(hash: key.hash)
            #expect(found.scope == .run)
            #expect(found.runID == "r1")
            #expect(found.isUsable(at: Seed.t0))
            #expect(!found.isUsable(at: Seed.t0.plus(3601)))
            await #expect(throws: StoreError.self) { try await store.createAPIKey(key) }
            let revoked = try await store.revokeAPIKey(id: key.id, now: Seed.t0.plus(5))
            #expect(revoked.revokedAt == Seed.t0.plus(5))
            #expect(!revoked.isUsable(at: Seed.t0.plus(6)))
            // Revoking twice keeps the first time.
            #expect(try await store.revokeAPIKey(id: key.id, now: Seed.t0.plus(9)).revokedAt == Seed.t0.plus(5))
            #expect(try await store.listAPIKeys(user: u.id, page: .first).items.map(\.id) == [key.id])
            await #expect(throws: StoreError.notFound(kind: "api key", id: "(by hash)")) { try await store.apiKey(hash: "b") }
        }
    }

    @Test(arguments: Backend.all)
    func membershipsScopeUsersToEntities(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let acme = try await store.createEntity(name: "acme", kind: .team, now: Seed.t0)
            let labs = try await store.createEntity(name: "labs", kind: .team, now: Seed.t0)
            let ada = try await store.createUser(name: "ada", email: nil, role: .member, entity: nil, now: Seed.t0)
            let bob = try await store.createUser(name: "bob", email: nil, role: .member, entity: nil, now: Seed.t0)
            _ = try await store.setMembership(entity: acme.id, user: ada.id, role: .member, now: Seed.t0)
            _ = try await store.setMembership(entity: labs.id, user: ada.id, role: .admin, now: Seed.t0)
            _ = try await store.setMembership(entity: acme.id, user: bob.id, role: .member, now: Seed.t0)
            // Setting again changes the role, not the membership count.
            let promoted = try await store.setMembership(entity: acme.id, user: ada.id, role: .admin, now: Seed.t0.plus(1))
            #expect(promoted.role == .admin)
            #expect(try await store.memberships(user: ada.id).map(\.entityID) == [acme.id, labs.id])
            #expect(try await store.listMembers(entity: acme.id, page: .first).items.map(\.userID) == [ada.id, bob.id])
            try await store.removeMembership(entity: acme.id, user: bob.id)
            #expect(try await store.memberships(user: bob.id).isEmpty)
            await #expect(throws: StoreError.notFound(kind: "membership", id: "\(acme.id)/\(bob.id)")) {
                try await store.removeMembership(entity: acme.id, user: bob.id)
            }
            await #expect(throws: StoreError.notFound(kind: "user", id: "ghost")) {
                try await store.setMembership(entity: acme.id, user: "ghost", role: .member, now: Seed.t0)
            }
        }
    }

    @Test(arguments: Backend.all)
    func agentsRegisterAndHeartbeat(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let a = try await seed.agent(store, "box-1")
            #expect(a.queueIDs == [seed.queue.id])
            #expect(a.state == .polling)
            let beat = try await store.agentHeartbeat(id: a.id, state: .running, now: Seed.t0.plus(10))
            #expect(beat.state == .running)
            #expect(beat.lastHeartbeat == Seed.t0.plus(10))
            #expect(try await store.listAgents(entity: seed.entity.id, page: .first).items == [beat])
            let stranger = try await store.createEntity(name: "other", kind: .team, now: Seed.t0)
            await #expect(throws: StoreError.self) {
                try await store.registerAgent(entity: stranger.id, name: "x", queues: [seed.queue.id], now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "agent", id: "ghost")) { try await store.agentHeartbeat(id: "ghost", state: .polling, now: Seed.t0) }
        }
    }

    @Test(arguments: Backend.all)
    func everyListPages(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            var made: [RunID] = []
            for i in 0..<7 {
                made.append(try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: "r\(i)", config: [:], now: Seed.t0).id)
            }
            var got: [RunID] = []
            var page = PageRequest(limit: 3)
            var pages = 0
            while true {
                let p = try await store.listRuns(project: seed.project.id, page: page)
                pages += 1
                #expect(p.items.count <= 3)
                got += p.items.map(\.id)
                guard let next = p.nextCursor else { break }
                page.cursor = next
            }
            #expect(got == made)
            #expect(pages == 3)
            // An exact multiple ends without an empty extra page.
            let six = try await store.listRuns(project: seed.project.id, page: PageRequest(limit: 7))
            #expect(six.items.count == 7)
            #expect(six.nextCursor == nil)
            await #expect(throws: StoreError.invalid(field: "cursor", reason: "'zz' is not a page cursor")) {
                try await store.listRuns(project: seed.project.id, page: PageRequest(cursor: "zz"))
            }
            for i in 0..<3 { _ = try await store.createProject(entity: seed.entity.id, name: "p\(i)", now: Seed.t0) }
            let first = try await store.listProjects(entity: seed.entity.id, page: PageRequest(limit: 2))
            let rest = try await store.listProjects(entity: seed.entity.id, page: PageRequest(cursor: first.nextCursor, limit: 10))
            #expect((first.items + rest.items).map(\.name) == ["proj", "p0", "p1", "p2"])
            #expect(try await store.listQueues(entity: seed.entity.id, page: .first).items == [seed.queue])
            #expect(try await store.listEntities(page: .first).items.contains(seed.entity))
            #expect(try await store.listSweeps(project: seed.project.id, page: .first).items.isEmpty)
        }
    }
}
