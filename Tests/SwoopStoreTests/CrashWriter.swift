import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// The child half of the kill -9 test: started by `KillNineTests` in a separate process, it writes runs
/// and metrics to the SQLite file it is given and reports each acknowledged write on stdout, until killed.
/// It does nothing (is disabled) in an ordinary test run.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SWOOP_CRASH_WRITER_DB"] != nil))
struct CrashWriter {
    static let databaseVariable = "SWOOP_CRASH_WRITER_DB"
    static let projectVariable = "SWOOP_CRASH_WRITER_PROJECT"
    static let ackPrefix = "SWOOP-ACK "
    static let pointsPerRun = 20

    @Test func writeUntilKilled() async throws {
        let env = ProcessInfo.processInfo.environment
        let store = try SQLiteStore(path: try #require(env[Self.databaseVariable]))
        let project = ProjectID(try #require(env[Self.projectVariable]))
        for n in 0..<1_000_000 {
            let run = try await store.createRun(id: RunID("crash\(n)"), project: project, sweep: nil, name: nil, config: ["n": .int(n)], now: Seed.t0)
            let points = (0..<Self.pointsPerRun).map { MetricPoint(step: Int64($0), values: ["loss": .double(Double($0))]) }
            _ = try await store.appendMetrics(run: run.id, batch: MetricBatch(points: points), now: Seed.t0)
            // Only now is the write acknowledged: both calls returned.
            FileHandle.standardOutput.write(Data("\(Self.ackPrefix)\(n)\n".utf8))
        }
    }
}
