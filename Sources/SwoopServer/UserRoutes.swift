import Foundation
import SwoopModel
import SwoopStore

/// Users (managed by admins) and their API keys.
enum UserRoutes {
    static func routes() -> [Route] {
        [
            Route(.post, "/api/v1/users", "createUser", "Create a user with a personal entity of the same name", tag: "users",
                  body: .json([.required("name", .string), FieldSpec("email", .string), FieldSpec("role", EntityRoutes.roles)]),
                  responds: "User") { call in
                try call.access.requireAdmin()
                let name = try call.body.string("name")
                let entity = try await call.store.createEntity(name: name, kind: .user, now: call.now)
                let user = try await call.store.createUser(
                    name: name, email: call.body.optionalString("email"),
                    role: try call.body.enumValue("role", as: UserRole.self) ?? .member, entity: entity.id, now: call.now)
                _ = try await call.store.setMembership(entity: entity.id, user: user.id, role: .admin, now: call.now)
                return try .json(user, status: 201)
            },
            Route(.get, "/api/v1/users", "listUsers", "All users", tag: "users", query: Route.Query.paging,
                  responds: "Page<User>") { call in
                try call.access.requireAdmin()
                return try .json(try await call.store.listUsers(page: try call.page()))
            },
            Route(.get, "/api/v1/users/{user}", "getUser", "A user (admins, or the user themselves)", tag: "users",
                  responds: "User") { call in
                let id: UserID = try call.id("user")
                try requireSelfOrAdmin(call, id)
                return try .json(try await call.store.user(id: id))
            },
            Route(.put, "/api/v1/users/{user}/role", "setUserRole", "Change a user's server role", tag: "users",
                  body: .json([.required("role", EntityRoutes.roles)]), responds: "User") { call in
                try call.access.requireAdmin()
                let role = try call.body.enumValue("role", as: UserRole.self) ?? .member
                return try .json(try await call.store.setUserRole(user: try call.id("user"), role: role))
            },
            Route(.post, "/api/v1/users/{user}/keys", "createKey", "Create an API key; the secret is in this answer only",
                  tag: "keys",
                  body: .json([
                      .required("name", .string), FieldSpec("entity", .string, "limit the key to this entity id"),
                      FieldSpec("project", .string, "limit the key to this project id"),
                      FieldSpec("expiresInSeconds", .integer),
                  ]),
                  responds: "CreatedAPIKey") { call in
                let user: UserID = try call.id("user")
                try requireSelfOrAdmin(call, user, unlimited: true)
                _ = try await call.store.user(id: user)
                var entity: EntityID? = try call.body.id("entity")
                let project: ProjectID? = try call.body.id("project")
                if let project {
                    let p = try await call.store.project(id: project)
                    if let entity, entity != p.entityID {
                        throw APIError.badRequest("invalid", "project is not in that entity", field: "project")
                    }
                    entity = p.entityID
                }
                if let entity { _ = try await call.store.entity(id: entity) }
                let expires = try call.body.int("expiresInSeconds", in: 1...(10 * 365 * 86400)).map {
                    call.now.addingTimeInterval(TimeInterval($0))
                }
                let made = call.env.keys.make(
                    user: user, name: try call.body.string("name"), scope: .user, entity: entity, project: project,
                    expiresAt: expires, now: call.now)
                let record = try await call.store.createAPIKey(made.record)
                return try .json(CreatedAPIKey(key: made.secret, record: redacted(record)), status: 201)
            },
            Route(.get, "/api/v1/users/{user}/keys", "listKeys", "A user's API keys (hashes left out)", tag: "keys",
                  query: Route.Query.paging, responds: "Page<APIKeyRecord>") { call in
                let user: UserID = try call.id("user")
                try requireSelfOrAdmin(call, user)
                let page = try await call.store.listAPIKeys(user: user, page: try call.page())
                return try .json(Page(items: page.items.map(redacted), nextCursor: page.nextCursor))
            },
            Route(.delete, "/api/v1/users/{user}/keys/{key}", "revokeKey", "Revoke one of a user's keys", tag: "keys",
                  responds: "APIKeyRecord") { call in
                let user: UserID = try call.id("user")
                let key: APIKeyID = try call.id("key")
                try requireSelfOrAdmin(call, user)
                // The store revokes by id alone; make sure the key is this user's first.
                var page = PageRequest(limit: PageRequest.maxLimit)
                var owned = false
                repeat {
                    let keys = try await call.store.listAPIKeys(user: user, page: page)
                    if keys.items.contains(where: { $0.id == key }) { owned = true; break }
                    page.cursor = keys.nextCursor
                } while page.cursor != nil
                guard owned else { throw APIError.notFound("api key '\(key)' not found", field: "key") }
                return try .json(redacted(try await call.store.revokeAPIKey(id: key, now: call.now)))
            },
        ]
    }

    static func redacted(_ k: APIKeyRecord) -> APIKeyRecord {
        var k = k
        k.hash = ""
        return k
    }

    static func requireSelfOrAdmin(_ call: RouteCall, _ user: UserID, unlimited: Bool = false) throws {
        if call.principal.isAdmin { return }
        guard case .user(let u, let key, _) = call.principal, u.id == user else {
            throw APIError.forbidden("only the user themselves or an admin may do this")
        }
        if unlimited, key.entityID != nil || key.projectID != nil {
            throw APIError.forbidden("a key limited to an entity or project cannot make new keys")
        }
    }

    /// A run- or agent-scoped key made on behalf of the caller (in local mode, of the local user).
    static func scopedKey(_ call: RouteCall, name: String, scope: APIKeyScope, run: RunID?, agent: AgentID?, entity: EntityID?) async throws -> CreatedAPIKey {
        guard let owner = call.principal.userID ?? call.env.localUser else {
            throw APIError.forbidden("no user to own the new key")
        }
        let made = call.env.keys.make(user: owner, name: name, scope: scope, run: run, agent: agent, entity: entity, now: call.now)
        let record = try await call.store.createAPIKey(made.record)
        return CreatedAPIKey(key: made.secret, record: redacted(record))
    }
}
