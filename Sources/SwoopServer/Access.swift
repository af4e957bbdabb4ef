import SwoopModel
import SwoopStore

/// The authorization rules, in one place so every route asks the same questions.
///
/// - admins (server role, key not limited) may do everything;
/// - members use the entities they belong to (entity admins also manage queues, agents, members);
///   a key limited to an entity or project reaches only that;
/// - a run token reads and writes only its own run, and reads its run's project and entity (where a
///   scheduler's sweep lives);
/// - an agent token leases from its own queues and reports on runs of its entity.
public struct Access: Sendable {
    public let principal: Principal
    public let store: any Store

    public init(principal: Principal, store: any Store) {
        self.principal = principal; self.store = store
    }

    public func requireAdmin() throws {
        guard principal.isAdmin else { throw APIError.forbidden("this needs a server admin") }
    }

    /// Member access to an entity; `manage` needs the entity's admin role.
    public func requireEntity(_ entity: EntityID, manage: Bool = false, allowAgent: Bool = false) throws {
        switch principal {
        case .local: return
        case .user(let user, let key, let memberships):
            if let limit = key.entityID, limit != entity {
                throw APIError.forbidden("this key is limited to another entity")
            }
            if key.projectID != nil, manage {
                throw APIError.forbidden("a key limited to a project cannot manage its entity")
            }
            if user.role == .admin { return }
            guard let m = memberships.first(where: { $0.entityID == entity }) else {
                throw APIError.forbidden("not a member of entity '\(entity)'")
            }
            if manage, m.role != .admin { throw APIError.forbidden("this needs the entity's admin role") }
        case .agent(let agent, _):
            guard allowAgent, !manage, agent.entityID == entity else {
                throw APIError.forbidden("an agent token cannot do this")
            }
        case .run:
            throw APIError.forbidden("a run token can only use its own run")
        }
    }

    public func requireProject(_ project: Project, allowAgent: Bool = false) throws {
        if case .user(_, let key, _) = principal, let limit = key.projectID, limit != project.id {
            throw APIError.forbidden("this key is limited to another project")
        }
        try requireEntity(project.entityID, allowAgent: allowAgent)
    }

    public func project(_ id: ProjectID, allowAgent: Bool = false) async throws -> Project {
        let p = try await store.project(id: id)
        try requireProject(p, allowAgent: allowAgent)
        return p
    }

    /// A project to read: as `project(_:allowAgent:)`, and also for a run token of a run in it.
    public func readableProject(_ id: ProjectID) async throws -> Project {
        let p = try await store.project(id: id)
        if try await ownRunIsIn(project: p.id) { return p }
        try requireProject(p, allowAgent: true)
        return p
    }

    /// Reading an entity: as `requireEntity(_:allowAgent:)`, and also for a run token of a run in one of its projects.
    public func requireReadableEntity(_ id: EntityID) async throws {
        if case .run(let run, _) = principal, try await store.project(id: try await store.run(id: run).projectID).entityID == id { return }
        try requireEntity(id, allowAgent: true)
    }

    private func ownRunIsIn(project: ProjectID) async throws -> Bool {
        guard case .run(let run, _) = principal else { return false }
        return try await store.run(id: run).projectID == project
    }

    /// Read or write access to a run: its own token, its sweep's scheduler token, an agent of its entity,
    /// or a member of its project. `reading`: a sweep's scheduler token may also read runs of the sweep's
    /// project (a `--prior-run` that warm-starts the method lives outside the sweep).
    public func requireRun(_ run: Run, reading: Bool = false) async throws {
        if case .run(let id, _) = principal {
            if id == run.id { return }
            if reading, try await schedulerToken(of: SweepID(id.rawValue), project: run.projectID),
               (try? await store.sweepWithoutState(id: SweepID(id.rawValue)))?.projectID == run.projectID {
                return
            }
            guard let sweep = run.sweepID, try await schedulerToken(of: sweep, project: run.projectID) else {
                throw APIError.forbidden("a run token can only use its own run")
            }
            return
        }
        let p = try await store.project(id: run.projectID)
        try requireProject(p, allowAgent: true)
    }

    /// Access to a sweep: a member of its project, an agent of its entity, or the sweep's scheduler.
    public func requireSweep(_ sweep: Sweep) async throws {
        if case .run = principal {
            guard try await schedulerToken(of: sweep.id, project: sweep.projectID) else {
                throw APIError.forbidden("a run token can only use its own run")
            }
            return
        }
        _ = try await project(sweep.projectID, allowAgent: true)
    }

    /// Whether the caller holds the token of the sweep's scheduler: as in W&B, the scheduler's own run has
    /// the sweep's id, and it must be in the sweep's project (a run id alone could be chosen by anyone).
    private func schedulerToken(of sweep: SweepID, project: ProjectID) async throws -> Bool {
        guard case .run(let id, _) = principal, id.rawValue == sweep.rawValue else { return false }
        let own = try await store.run(id: id)
        return own.projectID == project && own.sweepID == nil
    }

    /// The agent a queue-item call acts for: the token's own agent, or (for people) the one named.
    func actingAgent(named: AgentID?) async throws -> Agent {
        if case .agent(let agent, _) = principal {
            if let named, named != agent.id { throw APIError.forbidden("an agent token acts only as its own agent", field: "agent") }
            return agent
        }
        guard let named else {
            throw APIError.badRequest("missing_field", "field 'agent' is required unless an agent token is used", field: "agent")
        }
        let agent = try await store.agent(id: named)
        try requireEntity(agent.entityID)
        return agent
    }
}
