import Foundation
import SwoopClient
import SwoopModel

/// A client plus the entity a command acts in, with the name lookups several commands share.
struct ServerSession {
    let client: SwoopClient
    let entity: Entity
    let caller: Caller

    /// The entity with authentication off when none is named: created on first use, so the
    /// one-command local mode needs no setup.
    static let localEntityName = "local"

    /// Connects and settles the entity: --entity / SWOOP_ENTITY, else the caller's personal entity,
    /// else (authentication off) `local`.
    static func open(_ options: ServerOptions) async throws -> ServerSession {
        let client = options.makeClient()
        // A short first call: with nothing listening, the HTTP client would keep retrying the
        // connection for the whole request timeout on every attempt (minutes in all).
        let probe = SwoopClient(baseURL: options.resolvedBaseURL, apiKey: options.resolvedAPIKey, maxAttempts: 2, requestTimeout: 5)
        let caller = try await probe.me()
        if let name = options.namedEntity {
            do {
                return ServerSession(client: client, entity: try await client.entity(named: name), caller: caller)
            } catch let error as SwoopClientError where error.status == 404 {
                throw CommandFailure("entity '\(name)' does not exist on \(options.resolvedBaseURL)")
            }
        }
        if let id = caller.user?.entityID {
            return ServerSession(client: client, entity: try await client.entity(id: id), caller: caller)
        }
        guard !caller.authenticationEnabled else {
            throw CommandFailure("this API key belongs to no entity; name one with --entity or SWOOP_ENTITY")
        }
        do {
            return ServerSession(client: client, entity: try await client.entity(named: localEntityName), caller: caller)
        } catch let error as SwoopClientError where error.status == 404 {
            if let made = try await createIgnoringRace({ try await client.createEntity(name: localEntityName) }) {
                return ServerSession(client: client, entity: made, caller: caller)
            }
            return ServerSession(client: client, entity: try await client.entity(named: localEntityName), caller: caller)
        }
    }

    /// `entity/project` for messages.
    func path(_ project: String) -> String { "\(entity.name)/\(project)" }

    /// The project by name; created when `create` (as W&B creates projects on first use).
    func project(named name: String, create: Bool) async throws -> Project {
        do {
            return try await client.project(entity: entity.name, named: name)
        } catch let error as SwoopClientError where error.status == 404 {
            guard create else { throw CommandFailure("project '\(path(name))' does not exist") }
            if let made = try await Self.createIgnoringRace({ try await client.createProject(entity: entity.id, name: name) }) {
                return made
            }
            return try await client.project(entity: entity.name, named: name)
        }
    }

    /// The job of that name in the project, if there is one.
    func job(named name: String, in project: Project) async throws -> Job? {
        try await Self.all { try await client.listJobs(project: project.id, page: $0) }.first { $0.name == name }
    }

    /// The entity's queue of that name; the error lists the queues there are.
    func queue(named name: String) async throws -> Queue {
        let queues = try await Self.all { try await client.listQueues(entity: entity.id, page: $0) }
        guard let queue = queues.first(where: { $0.name == name }) else {
            let known = queues.map(\.name).sorted()
            throw CommandFailure(
                "queue '\(name)' does not exist in entity '\(entity.name)'"
                    + (known.isEmpty ? " (it has no queues; make one with `swoop queue create`)" : " (queues: \(known.joined(separator: ", ")))"))
        }
        return queue
    }

    /// Resolves a job reference (`entity/project/name:alias`; missing parts from the session's
    /// entity and `project`) to its job and version; the error names the reference in full.
    func resolveJob(_ text: String, project: String?) async throws -> (job: Job, version: JobVersion, reference: JobReference) {
        let parsed: JobReference
        do {
            parsed = try JobReference(parsing: text)
        } catch {
            throw CommandFailure.usage(error.description)
        }
        guard let projectName = parsed.project ?? project else {
            throw CommandFailure.usage("job reference '\(text)' names no project: write project/name or add --project")
        }
        let full = parsed.resolved(entity: entity.name, project: projectName)
        do {
            let version = try await client.resolveJob(reference: full.description)
            return (try await client.job(id: version.jobID), version, full)
        } catch let error as SwoopClientError where error.status == 404 {
            throw CommandFailure("job '\(full)' not found: \(CommandFailure.message(for: error, baseURL: ""))")
        }
    }

    /// Every item of a paged list.
    static func all<T: Sendable & Codable>(_ fetch: (PageRequest) async throws -> Page<T>) async throws -> [T] {
        var items: [T] = []
        var page = PageRequest(limit: PageRequest.maxLimit)
        while true {
            let got = try await fetch(page)
            items += got.items
            guard let next = got.nextCursor else { return items }
            page = PageRequest(cursor: next, limit: PageRequest.maxLimit)
        }
    }

    /// Runs a create call; nil when someone else created the same name first (409), so the caller reads it.
    static func createIgnoringRace<T>(_ create: () async throws -> T) async throws -> T? {
        do {
            return try await create()
        } catch let error as SwoopClientError where error.status == 409 {
            return nil
        }
    }
}
