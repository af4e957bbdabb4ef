import Foundation
import SwoopModel
import SwoopStore

/// Jobs, their versions and aliases (`entity/project/name:latest`, `:v3`, custom aliases).
enum JobRoutes {
    static func routes() -> [Route] {
        [
            Route(.post, "/api/v1/projects/{project}/jobs", "createJob", "Create a job", tag: "jobs",
                  body: .json([.required("name", .string)]), responds: "Job") { call in
                let project = try await call.access.project(try call.id("project"))
                return try .json(try await call.store.createJob(project: project.id, name: try call.body.string("name"), now: call.now), status: 201)
            },
            Route(.get, "/api/v1/projects/{project}/jobs", "listJobs", "Jobs of a project", tag: "jobs",
                  query: Route.Query.paging, responds: "Page<Job>") { call in
                let project = try await call.access.project(try call.id("project"), allowAgent: true)
                return try .json(try await call.store.listJobs(project: project.id, page: try call.page()))
            },
            Route(.get, "/api/v1/jobs/{job}", "getJob", "A job by id", tag: "jobs", responds: "Job") { call in
                try .json(try await job(call, allowAgent: true))
            },
            Route(.post, "/api/v1/jobs/{job}/versions", "addJobVersion",
                  "Add the next version (201), or answer the identical existing one (200); `latest` moves to it", tag: "jobs",
                  body: .json([
                      .required("sourceKind", .oneOf(JobSourceKind.allCases.map(\.rawValue))),
                      .required("entryPoint", .array(.string)),
                      FieldSpec("artifactDigest", .string, "sha256:<hex> of an uploaded code artifact"),
                      FieldSpec("metadata", .any),
                  ]),
                  responds: "JobVersion") { call in
                let job = try await job(call)
                let kind = try call.body.enumValue("sourceKind", as: JobSourceKind.self) ?? .code
                let digest = call.body.optionalString("artifactDigest")
                if let digest {
                    guard (try? call.env.blobs.fileURL(for: digest)) != nil, call.env.blobs.contains(digest) else {
                        throw APIError.badRequest("unknown_artifact", "no code artifact '\(digest)' has been uploaded", field: "artifactDigest")
                    }
                }
                let added = try await call.store.addJobVersionIfChanged(
                    job: job.id, sourceKind: kind, entryPoint: call.body.strings("entryPoint") ?? [], artifactDigest: digest,
                    metadata: call.body.json("metadata") ?? .object([:]), now: call.now)
                return try .json(added.version, status: added.created ? 201 : 200)
            },
            Route(.get, "/api/v1/jobs/{job}/versions", "listJobVersions", "Versions of a job, oldest first", tag: "jobs",
                  query: Route.Query.paging, responds: "Page<JobVersion>") { call in
                let job = try await job(call, allowAgent: true)
                return try .json(try await call.store.listJobVersions(job: job.id, page: try call.page()))
            },
            Route(.get, "/api/v1/jobs/{job}/versions/{alias}", "resolveJobVersion", "The version an alias (latest, vN, custom) names",
                  tag: "jobs", responds: "JobVersion") { call in
                let job = try await job(call, allowAgent: true)
                return try .json(try await call.store.resolveJobVersion(job: job.id, alias: try alias(call)))
            },
            Route(.put, "/api/v1/jobs/{job}/aliases/{alias}", "setJobAlias", "Point a custom alias (or latest) at a version",
                  tag: "jobs", body: .json([.required("version", .integer)]), responds: "JobAlias") { call in
                let job = try await job(call)
                let version = try call.body.int("version", in: 0...Int(Int32.max)) ?? 0
                return try .json(try await call.store.setJobAlias(job: job.id, alias: try alias(call), version: version))
            },
            Route(.get, "/api/v1/jobs/{job}/aliases", "listJobAliases", "Stored aliases of a job", tag: "jobs",
                  responds: "[JobAlias]") { call in
                let job = try await job(call, allowAgent: true)
                return try .json(try await call.store.listJobAliases(job: job.id))
            },
            Route(.get, "/api/v1/names/{entity}/{project}/jobs/{ref}", "resolveJobReference",
                  "Resolve `name[:alias]` in a project (alias defaults to latest)", tag: "jobs", responds: "JobVersion") { call in
                let entity = try await call.store.entity(named: try call.parameter("entity"))
                let project = try await call.store.project(entity: entity.id, named: try call.parameter("project"))
                try call.access.requireProject(project, allowAgent: true)
                let text = try call.parameter("ref")
                let ref: JobReference
                do { ref = try JobReference(parsing: text) } catch {
                    throw APIError.badRequest("invalid", "\(error)", field: "ref")
                }
                guard ref.entity == nil, ref.project == nil else {
                    throw APIError.badRequest("invalid", "the path already names entity and project: give name or name:alias", field: "ref")
                }
                let job = try await call.store.job(project: project.id, named: ref.name)
                return try .json(try await call.store.resolveJobVersion(job: job.id, alias: ref.alias))
            },
        ]
    }

    static func job(_ call: RouteCall, allowAgent: Bool = false) async throws -> Job {
        let job = try await call.store.job(id: try call.id("job"))
        _ = try await call.access.project(job.projectID, allowAgent: allowAgent)
        return job
    }

    static func alias(_ call: RouteCall) throws -> String {
        let a = try call.parameter("alias")
        guard !a.isEmpty, a.utf8.count <= 128, !a.contains(":"), !a.contains("/") else {
            throw APIError.badRequest("invalid", "alias must be 1...128 characters without ':' or '/'", field: "alias")
        }
        return a
    }
}
