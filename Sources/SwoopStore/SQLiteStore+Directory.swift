import Foundation
import GRDB
import SwoopModel

extension SQLiteStore {
    func fetch<T>(_ db: Database, _ sql: String, _ args: [SQLValue], notFound: @autoclosure () -> StoreError,
                  _ decode: (SQLRow) throws -> T) throws -> T {
        guard let row = try db.one(sql, args) else { throw notFound() }
        return try decode(row)
    }

    func list<T>(_ sql: String, _ scope: [SQLValue], _ page: PageRequest, _ decode: @escaping @Sendable (SQLRow) throws -> T)
        async throws -> Page<T>
    {
        let after = try RecordRows.after(page)
        let limit = page.clampedLimit
        return try await read { db in
            try RecordRows.page(try db.rows(sql, scope + [.int(after), .int(Int64(limit + 1))]), limit: limit, decode)
        }
    }

    // MARK: Entities and projects

    public func createEntity(name: String, kind: EntityKind, now: Date) async throws -> Entity {
        try Validation.name(name)
        let e = Entity(id: .random(), name: name, kind: kind, createdAt: now)
        try await write { db in
            if try db.one(SQL.entityByName, [.text(name)]) != nil {
                throw StoreError.conflict(kind: "entity", id: name, reason: "an entity with this name exists")
            }
            try db.run(SQL.insertEntity, [SQLValue(e.id), .text(name), .text(kind.rawValue), SQLValue(now)])
        }
        return try await entity(id: e.id)
    }

    public func entity(id: EntityID) async throws -> Entity {
        try await read { db in try self.fetch(db, SQL.entityByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.entity) }
    }

    public func entity(named name: String) async throws -> Entity {
        try await read { db in
            try self.fetch(db, SQL.entityByName, [.text(name)], notFound: .notFound(kind: "entity", id: name), RecordRows.entity)
        }
    }

    public func listEntities(page: PageRequest) async throws -> Page<Entity> {
        try await list(SQL.listEntities, [], page, RecordRows.entity)
    }

    public func createProject(entity: EntityID, name: String, now: Date) async throws -> Project {
        try Validation.name(name)
        let id = ProjectID.random()
        try await write { db in
            _ = try self.fetch(db, SQL.entityByID, [SQLValue(entity)], notFound: .notFound(entity), RecordRows.entity)
            if try db.one(SQL.projectByName, [SQLValue(entity), .text(name)]) != nil {
                throw StoreError.conflict(kind: "project", id: name, reason: "the entity has a project with this name")
            }
            try db.run(SQL.insertProject, [SQLValue(id), SQLValue(entity), .text(name), SQLValue(now)])
        }
        return try await project(id: id)
    }

    public func project(id: ProjectID) async throws -> Project {
        try await read { db in try self.fetch(db, SQL.projectByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.project) }
    }

    public func project(entity: EntityID, named name: String) async throws -> Project {
        try await read { db in
            try self.fetch(db, SQL.projectByName, [SQLValue(entity), .text(name)],
                           notFound: .notFound(kind: "project", id: name), RecordRows.project)
        }
    }

    public func listProjects(entity: EntityID, page: PageRequest) async throws -> Page<Project> {
        try await list(SQL.listProjects, [SQLValue(entity)], page, RecordRows.project)
    }

    // MARK: Users and keys

    public func createUser(name: String, email: String?, role: UserRole, entity: EntityID?, now: Date) async throws -> User {
        try Validation.name(name)
        let id = UserID.random()
        try await write { db in
            if try db.one(SQL.userByName, [.text(name)]) != nil {
                throw StoreError.conflict(kind: "user", id: name, reason: "a user with this name exists")
            }
            try db.run(SQL.insertUser, [SQLValue(id), .text(name), SQLValue(email), .text(role.rawValue), SQLValue(entity), SQLValue(now)])
        }
        return try await user(id: id)
    }

    public func user(id: UserID) async throws -> User {
        try await read { db in try self.fetch(db, SQL.userByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.user) }
    }

    public func user(named name: String) async throws -> User {
        try await read { db in
            try self.fetch(db, SQL.userByName, [.text(name)], notFound: .notFound(kind: "user", id: name), RecordRows.user)
        }
    }

    public func listUsers(page: PageRequest) async throws -> Page<User> {
        try await list(SQL.listUsers, [], page, RecordRows.user)
    }

    public func setUserRole(user: UserID, role: UserRole) async throws -> User {
        try await write { db in
            guard try db.run(SQL.setUserRole, [.text(role.rawValue), SQLValue(user)]) == 1 else { throw StoreError.notFound(user) }
            return try self.fetch(db, SQL.userByID, [SQLValue(user)], notFound: .notFound(user), RecordRows.user)
        }
    }

    public func createAPIKey(_ key: APIKeyRecord) async throws -> APIKeyRecord {
        try Validation.id(key.id, field: "id")
        try await write { db in
            _ = try self.fetch(db, SQL.userByID, [SQLValue(key.userID)], notFound: .notFound(key.userID), RecordRows.user)
            if try db.one(SQL.apiKeyByHash, [.text(key.hash)]) != nil {
                throw StoreError.conflict(kind: "api key", id: key.prefix, reason: "a key with this hash exists")
            }
            try db.run(SQL.insertAPIKey, APIKeyRows.insertArguments(key))
        }
        return try await apiKey(hash: key.hash)
    }

    public func apiKey(hash: String) async throws -> APIKeyRecord {
        try await read { db in
            try self.fetch(db, SQL.apiKeyByHash, [.text(hash)], notFound: .notFound(kind: "api key", id: "(by hash)"), RecordRows.apiKey)
        }
    }

    public func credential(hash: String, replayKey: String?) async throws -> Credential {
        try await read { db in
            let key = try self.fetch(db, SQL.apiKeyByHash, [.text(hash)], notFound: .notFound(kind: "api key", id: "(by hash)"), RecordRows.apiKey)
            var credential = Credential(key: key)
            switch key.scope {
            case .user:
                credential.user = try self.fetch(db, SQL.userByID, [SQLValue(key.userID)], notFound: .notFound(key.userID), RecordRows.user)
                credential.memberships = try db.rows(SQL.membershipsOfUser, [SQLValue(key.userID)]).map(RecordRows.membership)
            case .agent:
                if let agent = key.agentID {
                    credential.agent = try self.fetch(db, SQL.agentByID, [SQLValue(agent)], notFound: .notFound(agent), RecordRows.agent)
                }
            case .run:
                break
            }
            if let replayKey { credential.replay = try db.one(SQL.idempotent, [.text(replayKey)]).map { try $0.data(0) } }
            return credential
        }
    }

    public func listAPIKeys(user: UserID, page: PageRequest) async throws -> Page<APIKeyRecord> {
        try await list(SQL.listAPIKeys, [SQLValue(user)], page, RecordRows.apiKey)
    }

    public func revokeAPIKey(id: APIKeyID, now: Date) async throws -> APIKeyRecord {
        try await write { db in
            guard try db.run(SQL.revokeAPIKey, [SQLValue(now), SQLValue(id)]) == 1 else { throw StoreError.notFound(id) }
            return try self.fetch(db, SQL.apiKeyByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.apiKey)
        }
    }

    // MARK: Memberships

    public func setMembership(entity: EntityID, user: UserID, role: UserRole, now: Date) async throws -> Membership {
        try await write { db in
            _ = try self.fetch(db, SQL.entityByID, [SQLValue(entity)], notFound: .notFound(entity), RecordRows.entity)
            _ = try self.fetch(db, SQL.userByID, [SQLValue(user)], notFound: .notFound(user), RecordRows.user)
            try db.run(SQL.upsertMember, [SQLValue(entity), SQLValue(user), .text(role.rawValue), SQLValue(now)])
            return try self.fetch(db, SQL.member, [SQLValue(entity), SQLValue(user)],
                                   notFound: .notFound(kind: "membership", id: "\(entity)/\(user)"), RecordRows.membership)
        }
    }

    public func removeMembership(entity: EntityID, user: UserID) async throws {
        let removed = try await write { db in try db.run(SQL.deleteMember, [SQLValue(entity), SQLValue(user)]) }
        if removed == 0 { throw StoreError.notFound(kind: "membership", id: "\(entity)/\(user)") }
    }

    public func memberships(user: UserID) async throws -> [Membership] {
        try await read { db in try db.rows(SQL.membershipsOfUser, [SQLValue(user)]).map(RecordRows.membership) }
    }

    public func listMembers(entity: EntityID, page: PageRequest) async throws -> Page<Membership> {
        try await list(SQL.listMembers, [SQLValue(entity)], page, RecordRows.membership)
    }

    // MARK: Agents

    public func registerAgent(entity: EntityID, name: String, queues: [QueueID], now: Date) async throws -> Agent {
        try Validation.name(name)
        let id = AgentID.random()
        try await write { db in
            _ = try self.fetch(db, SQL.entityByID, [SQLValue(entity)], notFound: .notFound(entity), RecordRows.entity)
            for q in queues {
                let queue = try self.fetch(db, SQL.queueByID, [SQLValue(q)], notFound: .notFound(q), RecordRows.queue)
                guard queue.entityID == entity else {
                    throw StoreError.invalid(field: "queues", reason: "queue '\(q)' belongs to another entity")
                }
            }
            try db.run(SQL.insertAgent, [
                SQLValue(id), SQLValue(entity), .text(name), SQLValue(JSONValue.array(queues.map { .string($0.rawValue) })),
                .text(AgentState.polling.rawValue), SQLValue(now), SQLValue(now),
            ])
        }
        return try await agent(id: id)
    }

    public func agentHeartbeat(id: AgentID, state: AgentState, now: Date) async throws -> Agent {
        try await write { db in
            guard try db.run(SQL.agentHeartbeat, [.text(state.rawValue), SQLValue(now), SQLValue(id)]) == 1 else {
                throw StoreError.notFound(id)
            }
            return try self.fetch(db, SQL.agentByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.agent)
        }
    }

    public func agent(id: AgentID) async throws -> Agent {
        try await read { db in try self.fetch(db, SQL.agentByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.agent) }
    }

    public func listAgents(entity: EntityID, page: PageRequest) async throws -> Page<Agent> {
        try await list(SQL.listAgents, [SQLValue(entity)], page, RecordRows.agent)
    }

    // MARK: Idempotency

    public func recordIdempotent(key: String, response: Data, now: Date) async throws -> Data {
        guard !key.isEmpty else { throw StoreError.invalid(field: "key", reason: "must not be empty") }
        // Recorded after the write it answers was committed (and synced): one fsync per keyed write, not
        // two. Losing this record to a power cut only lets a retry apply the write again, which a crash
        // between the two commits allows anyway (docs/server.md, "Retries, idempotency and replicas").
        return try await write(fsync: false) { db in
            try db.run(SQL.insertIdempotent, [.text(key), .blob([UInt8](response)), SQLValue(now)])
            guard let row = try db.one(SQL.idempotent, [.text(key)]) else { throw StoreError.backend("idempotency key vanished") }
            return try row.data(0)
        }
    }

    public func expireIdempotencyRecords(before: Date, limit: Int) async throws -> Int {
        guard limit > 0 else { throw StoreError.invalid(field: "limit", reason: "must be positive") }
        // Housekeeping, not an acknowledged write: no fsync of its own.
        return try await write(fsync: false) { db in try db.run(SQL.expireIdempotent, [SQLValue(before), .int(Int64(limit))]) }
    }

    public func idempotentResponse(key: String) async throws -> Data? {
        try await read { db in try db.one(SQL.idempotent, [.text(key)]).map { try $0.data(0) } }
    }
}
