import Foundation
import SwoopModel

/// Job-version binding and alias decoding, shared by both stores.
enum JobRows {
    static func versionArguments(
        _ job: JobID, _ version: Int, _ kind: JobSourceKind, _ entryPoint: [String], _ digest: String?,
        _ metadata: JSONValue, _ now: Date
    ) -> [SQLValue] {
        [
            SQLValue(job), .int(Int64(version)), .text(kind.rawValue), SQLValue(JSONValue.array(entryPoint.map { .string($0) })),
            SQLValue(digest), SQLValue(metadata), SQLValue(now),
        ]
    }

    /// Binds `SQL.identicalJobVersion`.
    static func identityArguments(
        _ job: JobID, _ kind: JobSourceKind, _ entryPoint: [String], _ digest: String?, _ metadata: JSONValue
    ) -> [SQLValue] {
        [SQLValue(job), .text(kind.rawValue), SQLValue(JSONValue.array(entryPoint.map { .string($0) })), .text(digest ?? ""), SQLValue(metadata)]
    }

    static func alias(_ r: SQLRow) throws -> JobAlias {
        JobAlias(jobID: try r.id(0), alias: try r.string(1), version: try r.int(2))
    }
}
