import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// `addJobVersionIfChanged`: unchanged source makes no new version; `latest` still moves.
@Suite struct JobVersionDedupTests {
    @Test(arguments: Backend.all)
    func identicalSourceReusesTheVersionAndMovesLatest(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let job = try await store.createJob(project: seed.project.id, name: "train", now: Seed.t0)
            let digestA = "sha256:" + String(repeating: "a", count: 64)
            let digestB = "sha256:" + String(repeating: "b", count: 64)
            func add(_ digest: String?, _ entry: [String] = ["python", "train.py"], _ meta: JSONValue = [:]) async throws -> (Int, Bool) {
                let r = try await store.addJobVersionIfChanged(
                    job: job.id, sourceKind: digest == nil ? .image : .code, entryPoint: entry, artifactDigest: digest,
                    metadata: meta, now: Seed.t0)
                return (r.version.version, r.created)
            }
            #expect(try await add(digestA) == (0, true))
            #expect(try await add(digestA) == (0, false))
            #expect(try await add(digestB) == (1, true))
            #expect(try await add(digestB, ["python", "other.py"]) == (2, true), "a new entry point is a new version")
            #expect(try await add(digestA) == (0, false), "back to the first code: that version again")
            #expect(try await store.resolveJobVersion(job: job.id, alias: "latest").version == 0)
            #expect(try await add(nil, [], ["image": "x:1"]) == (3, true))
            #expect(try await add(nil, [], ["image": "x:1"]) == (3, false))
            #expect(try await add(nil, [], ["image": "x:2"]) == (4, true))
            #expect(try await store.resolveJobVersion(job: job.id, alias: "latest").version == 4)
            #expect(try await store.job(id: job.id).latestVersion == 4)
        }
    }

    @Test(arguments: Backend.all)
    func racingIdenticalPublishesMakeOneVersion(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let job = try await store.createJob(project: seed.project.id, name: "train", now: Seed.t0)
            let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let r = try await store.addJobVersionIfChanged(
                            job: job.id, sourceKind: .image, entryPoint: ["run"], artifactDigest: nil, metadata: ["image": "x:1"], now: Seed.t0)
                        return (r.version.version, r.created)
                    }
                }
                return try await group.reduce(into: [(Int, Bool)]()) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.0 == 0 })
            #expect(results.count { $0.1 } == 1)
            #expect(try await store.listJobVersions(job: job.id, page: .first).items.count == 1)
        }
    }
}
