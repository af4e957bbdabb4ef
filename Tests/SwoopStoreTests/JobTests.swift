import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

@Suite struct JobTests {
    @Test(arguments: Backend.all)
    func versionsAndAliases(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let job = try await store.createJob(project: seed.project.id, name: "train", now: Seed.t0)
            #expect(job.latestVersion == -1)
            await #expect(throws: StoreError.notFound(kind: "job alias", id: "\(job.id):latest")) {
                try await store.resolveJobVersion(job: job.id, alias: "latest")
            }
            let v0 = try await store.addJobVersion(job: job.id, sourceKind: .code, entryPoint: ["python", "train.py"],
                                                   artifactDigest: "sha256:aa", metadata: ["python": "3.11"], now: Seed.t0)
            let v1 = try await store.addJobVersion(job: job.id, sourceKind: .image, entryPoint: [], artifactDigest: nil,
                                                   metadata: ["image": "train:2"], now: Seed.t0)
            #expect(v0.version == 0)
            #expect(v1.version == 1)
            #expect(v0.entryPoint == ["python", "train.py"])
            #expect(try await store.job(id: job.id).latestVersion == 1)
            #expect(try await store.resolveJobVersion(job: job.id, alias: "latest") == v1)
            #expect(try await store.resolveJobVersion(job: job.id, alias: "v0") == v0)
            _ = try await store.setJobAlias(job: job.id, alias: "prod", version: 0)
            #expect(try await store.resolveJobVersion(job: job.id, alias: "prod") == v0)
            let v2 = try await store.addJobVersion(job: job.id, sourceKind: .git, entryPoint: ["make"], artifactDigest: nil,
                                                   metadata: ["commit": "abc"], now: Seed.t0)
            // latest follows new versions; custom aliases stay put.
            #expect(try await store.resolveJobVersion(job: job.id, alias: "latest") == v2)
            #expect(try await store.resolveJobVersion(job: job.id, alias: "prod") == v0)
            #expect(try await store.listJobAliases(job: job.id).map(\.alias) == ["latest", "prod"])
            await #expect(throws: StoreError.self) { try await store.setJobAlias(job: job.id, alias: "v1", version: 0) }
            await #expect(throws: StoreError.notFound(kind: "job version", id: "\(job.id):v9")) {
                try await store.setJobAlias(job: job.id, alias: "prod", version: 9)
            }
            await #expect(throws: StoreError.notFound(kind: "job version", id: "\(job.id):v7")) {
                try await store.resolveJobVersion(job: job.id, alias: "v7")
            }
            #expect(try await store.listJobVersions(job: job.id, page: .first).items.map(\.version) == [0, 1, 2])
            #expect(try await store.job(project: seed.project.id, named: "train").id == job.id)
            await #expect(throws: StoreError.self) { try await store.createJob(project: seed.project.id, name: "train", now: Seed.t0) }
        }
    }

    @Test(arguments: Backend.all)
    func concurrentVersionsGetDistinctNumbers(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let job = try await store.createJob(project: seed.project.id, name: "train", now: Seed.t0)
            let versions = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await store.addJobVersion(job: job.id, sourceKind: .image, entryPoint: [], artifactDigest: nil, metadata: [:], now: Seed.t0).version
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(versions.sorted() == Array(0..<8))
        }
    }
}
