import Foundation
import GRDB
import SwoopModel
import Testing
@testable import SwoopStore

/// An acknowledged SQLite write survives `kill -9` of the process that made it: a child process writes
/// and reports each write once its call returned, is killed mid-stream, and every reported write is found.
@Suite struct KillNineTests {
    static let acknowledgementsBeforeKill = 150

    @Test func acknowledgedWritesSurviveKill9() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-kill9-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let setup = try await StoreFactory.open(url: nil, dataDirectory: dir)
        let seed = try await Seed.make(setup)
        await setup.close()
        let path = dir.appendingPathComponent(StoreFactory.defaultFileName).path

        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "CrashWriter"]
        var env = ProcessInfo.processInfo.environment
        env[CrashWriter.databaseVariable] = path
        env[CrashWriter.projectVariable] = seed.project.id.rawValue
        child.environment = env
        let out = Pipe()
        child.standardOutput = out
        child.standardError = FileHandle.nullDevice
        try child.run()

        var acked: [Int] = []
        var pending = ""
        while acked.count < Self.acknowledgementsBeforeKill {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break } // the child ended on its own: it failed to write
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.hasPrefix(CrashWriter.ackPrefix), let n = Int(line.dropFirst(CrashWriter.ackPrefix.count)) { acked.append(n) }
            }
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal, "the writer exited by itself before it was killed")
        #expect(acked.count >= Self.acknowledgementsBeforeKill)
        #expect(acked == Array(0..<acked.count))

        let reopened = try SQLiteStore(path: path)
        let integrity = try await reopened.pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
        try await reopened.migrate()
        for n in acked {
            let run = try await reopened.run(id: RunID("crash\(n)"))
            #expect(run.config == ["n": .int(n)])
            #expect(try await reopened.metrics(run: run.id, since: 0, limit: 100).points.count == CrashWriter.pointsPerRun)
        }
        await reopened.close()
    }
}
