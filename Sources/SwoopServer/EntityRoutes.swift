import Foundation
import SwoopModel
import SwoopStore

/// Entities (users' and teams' namespaces), their members and their projects, and lookups by name.
enum EntityRoutes {
    static let roles = FieldType.oneOf(UserRole.allCases.map(\.rawValue))

    static func routes() -> [Route] {
        [
            Route(.post, "/api/v1/entities", "createEntity", "Create an entity; its creator becomes its admin", tag: "entities",
                  body: .json([.required("name", .string), FieldSpec("kind", .oneOf(EntityKind.allCases.map(\.rawValue)))]),
                  responds: "Entity") { call in
                guard call.principal.isAdmin || isPlainUser(call.principal) else {
                    throw APIError.forbidden("only people can create entities")
                }
                let kind = try call.body.enumValue("kind", as: EntityKind.self) ?? .team
                let entity = try await call.store.createEntity(name: try call.body.string("name"), kind: kind, now: call.now)
                if case .user(let u, _, _) = call.principal {
                    _ = try await call.store.setMembership(entity: entity.id, user: u.id, role: .admin, now: call.now)
                }
                return try .json(entity, status: 201)
            },
            Route(.get, "/api/v1/entities", "listEntities", "Entities the caller belongs to (all, for admins)", tag: "entities",
                  query: Route.Query.paging, responds: "Page<Entity>") { call in
                let page = try call.page()
                if call.principal.isAdmin { return try .json(try await call.store.listEntities(page: page)) }
                guard case .user(_, let key, let memberships) = call.principal else {
                    throw APIError.forbidden("only people can list entities")
                }
                // A member's entities are few: one page, no cursor.
                var items: [Entity] = []
                for m in memberships where key.entityID == nil || key.entityID == m.entityID {
                    items.append(try await call.store.entity(id: m.entityID))
                }
                return try .json(Page(items: items, nextCursor: nil))
            },
            Route(.get, "/api/v1/entities/{entity}", "getEntity", "An entity by id", tag: "entities", responds: "Entity") { call in
                let id: EntityID = try call.id("entity")
                try await call.access.requireReadableEntity(id)
                return try .json(try await call.store.entity(id: id))
            },
            Route(.get, "/api/v1/names/{entity}", "entityByName", "An entity by name", tag: "entities", responds: "Entity") { call in
                let entity = try await call.store.entity(named: try call.parameter("entity"))
                try call.access.requireEntity(entity.id, allowAgent: true)
                return try .json(entity)
            },
            Route(.get, "/api/v1/names/{entity}/{project}", "projectByName", "A project by entity and project name",
                  tag: "entities", responds: "Project") { call in
                let entity = try await call.store.entity(named: try call.parameter("entity"))
                let project = try await call.store.project(entity: entity.id, named: try call.parameter("project"))
                try call.access.requireProject(project, allowAgent: true)
                return try .json(project)
            },
            Route(.put, "/api/v1/entities/{entity}/members/{user}", "setMember", "Add a member or change their role",
                  tag: "entities", body: .json([.required("role", roles)]), responds: "Membership") { call in
                let entity: EntityID = try call.id("entity")
                let user: UserID = try call.id("user")
                try call.access.requireEntity(entity, manage: true)
                let role = try call.body.enumValue("role", as: UserRole.self) ?? .member
                _ = try await call.store.entity(id: entity)
                _ = try await call.store.user(id: user)
                return try .json(try await call.store.setMembership(entity: entity, user: user, role: role, now: call.now))
            },
            Route(.get, "/api/v1/entities/{entity}/members", "listMembers", "Members of an entity", tag: "entities",
                  query: Route.Query.paging, responds: "Page<Membership>") { call in
                let entity: EntityID = try call.id("entity")
                try call.access.requireEntity(entity)
                return try .json(try await call.store.listMembers(entity: entity, page: try call.page()))
            },
            Route(.delete, "/api/v1/entities/{entity}/members/{user}", "removeMember", "Remove a member", tag: "entities",
                  responds: "none") { call in
                let entity: EntityID = try call.id("entity")
                let user: UserID = try call.id("user")
                try call.access.requireEntity(entity, manage: true)
                try await call.store.removeMembership(entity: entity, user: user)
                return .noContent
            },
            Route(.post, "/api/v1/entities/{entity}/projects", "createProject", "Create a project", tag: "projects",
                  body: .json([.required("name", .string)]), responds: "Project") { call in
                let entity: EntityID = try call.id("entity")
                try call.access.requireEntity(entity)
                return try .json(try await call.store.createProject(entity: entity, name: try call.body.string("name"), now: call.now), status: 201)
            },
            Route(.get, "/api/v1/entities/{entity}/projects", "listProjects", "Projects of an entity", tag: "projects",
                  query: Route.Query.paging, responds: "Page<Project>") { call in
                let entity: EntityID = try call.id("entity")
                try call.access.requireEntity(entity, allowAgent: true)
                return try .json(try await call.store.listProjects(entity: entity, page: try call.page()))
            },
            Route(.get, "/api/v1/projects/{project}", "getProject", "A project by id", tag: "projects", responds: "Project") { call in
                try .json(try await call.access.readableProject(try call.id("project")))
            },
        ]
    }

    static func isPlainUser(_ p: Principal) -> Bool {
        if case .user(_, let key, _) = p { return key.entityID == nil && key.projectID == nil }
        return false
    }
}
