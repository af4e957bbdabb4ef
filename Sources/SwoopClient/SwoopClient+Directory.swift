import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwoopModel

/// Entities, projects, members, users and keys.
extension SwoopClient {
    static func paging(_ page: PageRequest) -> [(String, String)] {
        var q = [("limit", String(page.limit))]
        if let c = page.cursor { q.append(("cursor", c)) }
        return q
    }

    public func health() async throws -> ServerHealth { try await call(.GET, "/healthz") }
    public func me() async throws -> Caller { try await call(.GET, "/api/v1/me") }
    public func openAPIDocument() async throws -> JSONValue {
        let r = try await send(.GET, "/api/v1/openapi.json")
        return try JSONText.parse(Array(r.body))
    }
    public func metricsText() async throws -> String {
        String(decoding: try await send(.GET, "/metrics").body, as: UTF8.self)
    }

    public func createEntity(name: String, kind: EntityKind = .team) async throws -> Entity {
        try await call(.POST, "/api/v1/entities", json: ["name": .string(name), "kind": .string(kind.rawValue)])
    }
    public func listEntities(page: PageRequest = .first) async throws -> Page<Entity> {
        try await call(.GET, "/api/v1/entities", query: Self.paging(page))
    }
    public func entity(id: EntityID) async throws -> Entity { try await call(.GET, "/api/v1/entities/\(id)") }
    public func entity(named name: String) async throws -> Entity {
        try await call(.GET, "/api/v1/names/\(Self.segment(name))")
    }
    public func project(entity: String, named name: String) async throws -> Project {
        try await call(.GET, "/api/v1/names/\(Self.segment(entity))/\(Self.segment(name))")
    }
    public func setMember(entity: EntityID, user: UserID, role: UserRole) async throws -> Membership {
        try await call(.PUT, "/api/v1/entities/\(entity)/members/\(user)", json: ["role": .string(role.rawValue)])
    }
    public func listMembers(entity: EntityID, page: PageRequest = .first) async throws -> Page<Membership> {
        try await call(.GET, "/api/v1/entities/\(entity)/members", query: Self.paging(page))
    }
    public func removeMember(entity: EntityID, user: UserID) async throws {
        try await callNoContent(.DELETE, "/api/v1/entities/\(entity)/members/\(user)")
    }
    public func createProject(entity: EntityID, name: String) async throws -> Project {
        try await call(.POST, "/api/v1/entities/\(entity)/projects", json: ["name": .string(name)])
    }
    public func listProjects(entity: EntityID, page: PageRequest = .first) async throws -> Page<Project> {
        try await call(.GET, "/api/v1/entities/\(entity)/projects", query: Self.paging(page))
    }
    public func project(id: ProjectID) async throws -> Project { try await call(.GET, "/api/v1/projects/\(id)") }

    public func createUser(name: String, email: String? = nil, role: UserRole = .member) async throws -> User {
        try await call(.POST, "/api/v1/users", json: Self.object([
            ("name", .string(name)), ("email", email.map { .string($0) }), ("role", .string(role.rawValue)),
        ]))
    }
    public func listUsers(page: PageRequest = .first) async throws -> Page<User> {
        try await call(.GET, "/api/v1/users", query: Self.paging(page))
    }
    public func user(id: UserID) async throws -> User { try await call(.GET, "/api/v1/users/\(id)") }
    public func setUserRole(user: UserID, role: UserRole) async throws -> User {
        try await call(.PUT, "/api/v1/users/\(user)/role", json: ["role": .string(role.rawValue)])
    }
    public func createKey(
        user: UserID, name: String, entity: EntityID? = nil, project: ProjectID? = nil, expiresInSeconds: Int? = nil
    ) async throws -> CreatedAPIKey {
        try await call(.POST, "/api/v1/users/\(user)/keys", json: Self.object([
            ("name", .string(name)), ("entity", entity.map { .string($0.rawValue) }),
            ("project", project.map { .string($0.rawValue) }), ("expiresInSeconds", expiresInSeconds.map { .int($0) }),
        ]))
    }
    public func listKeys(user: UserID, page: PageRequest = .first) async throws -> Page<APIKeyRecord> {
        try await call(.GET, "/api/v1/users/\(user)/keys", query: Self.paging(page))
    }
    public func revokeKey(user: UserID, key: APIKeyID) async throws -> APIKeyRecord {
        try await call(.DELETE, "/api/v1/users/\(user)/keys/\(key)")
    }
}
