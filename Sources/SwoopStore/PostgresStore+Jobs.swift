import Foundation
import PostgresNIO
import SwoopModel

extension PostgresStore {
    public func createJob(project: ProjectID, name: String, now: Date) async throws -> Job {
        try Validation.name(name)
        let id = JobID.random()
        return try await write { db in
            _ = try await self.fetch(db, SQL.projectByID, [SQLValue(project)], notFound: .notFound(project), RecordRows.project)
            if try await db.one(SQL.jobByName, [SQLValue(project), .text(name)]) != nil {
                throw StoreError.conflict(kind: "job", id: name, reason: "the project has a job with this name")
            }
            try await db.run(SQL.insertJob, [SQLValue(id), SQLValue(project), .text(name), SQLValue(now)])
            return try await self.fetch(db, SQL.jobByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.job)
        }
    }

    public func job(id: JobID) async throws -> Job {
        try await read { db in try await self.fetch(db, SQL.jobByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.job) }
    }

    public func job(project: ProjectID, named name: String) async throws -> Job {
        try await read { db in
            try await self.fetch(db, SQL.jobByName, [SQLValue(project), .text(name)], notFound: .notFound(kind: "job", id: name), RecordRows.job)
        }
    }

    public func listJobs(project: ProjectID, page: PageRequest) async throws -> Page<Job> {
        try await list(SQL.listJobs, [SQLValue(project)], page, RecordRows.job)
    }

    public func addJobVersion(
        job: JobID, sourceKind: JobSourceKind, entryPoint: [String], artifactDigest: String?, metadata: JSONValue, now: Date
    ) async throws -> JobVersion {
        try await write { db in
            try await self.insertJobVersion(db, job, sourceKind, entryPoint, artifactDigest, metadata, now)
        }
    }

    public func addJobVersionIfChanged(
        job: JobID, sourceKind: JobSourceKind, entryPoint: [String], artifactDigest: String?, metadata: JSONValue, now: Date
    ) async throws -> (version: JobVersion, created: Bool) {
        try await write { db in
            // Lock the job first so a racing identical publish waits and then finds this one.
            _ = try await self.fetch(db, SQL.jobByIDForUpdate, [SQLValue(job)], notFound: .notFound(job), RecordRows.job)
            let identity = JobRows.identityArguments(job, sourceKind, entryPoint, artifactDigest, metadata)
            guard let row = try await db.one(SQL.identicalJobVersion, identity) else {
                return (try await self.insertJobVersion(db, job, sourceKind, entryPoint, artifactDigest, metadata, now), true)
            }
            let existing = try row.int(0)
            try await db.run(SQL.upsertJobAlias, [SQLValue(job), .text(JobAlias.latest), .int(Int64(existing))])
            let version = try await self.fetch(
                db, SQL.jobVersion, [SQLValue(job), .int(Int64(existing))], notFound: .notFound(job), RecordRows.jobVersion)
            return (version, false)
        }
    }

    private func insertJobVersion(
        _ db: PostgresConnection, _ job: JobID, _ sourceKind: JobSourceKind, _ entryPoint: [String], _ artifactDigest: String?,
        _ metadata: JSONValue, _ now: Date
    ) async throws -> JobVersion {
        let j = try await self.fetch(db, SQL.jobByIDForUpdate, [SQLValue(job)], notFound: .notFound(job), RecordRows.job)
        let version = j.latestVersion + 1
        try await db.run(SQL.insertJobVersion, JobRows.versionArguments(job, version, sourceKind, entryPoint, artifactDigest, metadata, now))
        try await db.run(SQL.setJobLatest, [.int(Int64(version)), SQLValue(job)])
        try await db.run(SQL.upsertJobAlias, [SQLValue(job), .text(JobAlias.latest), .int(Int64(version))])
        return try await self.fetch(db, SQL.jobVersion, [SQLValue(job), .int(Int64(version))], notFound: .notFound(job), RecordRows.jobVersion)
    }

    public func listJobVersions(job: JobID, page: PageRequest) async throws -> Page<JobVersion> {
        try await list(SQL.listJobVersions, [SQLValue(job)], page, RecordRows.jobVersion)
    }

    public func setJobAlias(job: JobID, alias: String, version: Int) async throws -> JobAlias {
        try Validation.alias(alias)
        return try await write { db in
            guard try await db.one(SQL.jobVersion, [SQLValue(job), .int(Int64(version))]) != nil else {
                throw StoreError.notFound(kind: "job version", id: "\(job):v\(version)")
            }
            try await db.run(SQL.upsertJobAlias, [SQLValue(job), .text(alias), .int(Int64(version))])
            return JobAlias(jobID: job, alias: alias, version: version)
        }
    }

    public func listJobAliases(job: JobID) async throws -> [JobAlias] {
        try await read { db in try await db.rows(SQL.listJobAliases, [SQLValue(job)]).map(JobRows.alias) }
    }

    public func resolveJobVersion(job: JobID, alias: String) async throws -> JobVersion {
        try await read { db in
            let version: Int
            if let v = JobAlias.versionNumber(of: alias) {
                version = v
            } else if let row = try await db.one(SQL.jobAlias, [SQLValue(job), .text(alias)]) {
                version = try row.int(0)
            } else {
                throw StoreError.notFound(kind: "job alias", id: "\(job):\(alias)")
            }
            return try await self.fetch(db, SQL.jobVersion, [SQLValue(job), .int(Int64(version))],
                                  notFound: .notFound(kind: "job version", id: "\(job):\(alias)"), RecordRows.jobVersion)
        }
    }
}
