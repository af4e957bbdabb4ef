import Foundation
import Testing
@testable import SwoopModel

@Suite struct ModelCodingTests {
    @Test func prioritiesHaveWandbNumbersAndNames() throws {
        #expect(Priority.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(Priority.allCases.sorted() == [.critical, .high, .medium, .low])
        let encoded = try JSONEncoder().encode([Priority.high])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["high"]"#)
        #expect(try JSONDecoder().decode([Priority].self, from: Data(#"["low", 0]"#.utf8)) == [.low, .critical])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Priority].self, from: Data(#"["urgent"]"#.utf8)) }
    }

    @Test func idsAreURLSafeAndDistinct() {
        let ids = (0..<1000).map { _ in RunID.random() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.isWellFormed && $0.rawValue.count == 12 && $0.rawValue.first!.isLetter })
        #expect(!RunID("a/b").isWellFormed)
        #expect(!RunID("").isWellFormed)
    }

    @Test func recordsRoundTripThroughJSON() throws {
        let run = Run(
            id: "r1", projectID: "p1", sweepID: "s1", name: nil, config: ["lr": 0.5, "layers": 3], state: .running,
            summary: ["loss": 0.25], exitCode: nil, errorMessage: nil, changeCursor: 4, logSize: 0,
            createdAt: Date(timeIntervalSince1970: 1), updatedAt: Date(timeIntervalSince1970: 2), startedAt: nil, endedAt: nil)
        let back = try JSONDecoder().decode(Run.self, from: try JSONEncoder().encode(run))
        #expect(back == run)
        let json = String(decoding: try JSONEncoder().encode(run), as: UTF8.self)
        #expect(json.contains(#""id":"r1""#))
        #expect(json.contains(#""state":"running""#))
    }

    @Test func jobAliasVersionNumbers() {
        #expect(JobAlias.versionNumber(of: "v3") == 3)
        #expect(JobAlias.versionNumber(of: "v0") == 0)
        #expect(JobAlias.versionNumber(of: "latest") == nil)
        #expect(JobAlias.versionNumber(of: "v") == nil)
        #expect(JobAlias.versionNumber(of: "vx1") == nil)
    }
}
