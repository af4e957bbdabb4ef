import Foundation
import Testing

/// Runs the built `swoop` binary, which `swift test` builds beside the test bundle.
enum SwoopBinary {
    static let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("swoop")
    static var exists: Bool { FileManager.default.isExecutableFile(atPath: url.path) }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

@Suite("swoop sweep validate", .enabled(if: SwoopBinary.exists, "the swoop binary is built beside the tests"))
struct ValidateCommandProcessTests {
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-validate-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func validAndInvalidFiles() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try write("good.yaml", "method: random\nparameters:\n  a: {distribution: log_uniform, min: 0, max: 1}\n")
        let bad = try write("bad.yaml", "method: grid\nparameters:\n  a: {min: 0.5, max: 0.1}\n")
        let ok = try SwoopBinary.run(["sweep", "validate", good])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasSuffix("\(good): valid (1 warning)\n"))
        let both = try SwoopBinary.run(["sweep", "validate", good, bad])
        #expect(both.status == 1)
        let lines = both.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[2] == "\(bad):3:6: error: parameters.a: a: min 0.5 is not less than max 0.1")
        #expect(lines[3] == "\(bad): invalid (1 error)")
    }

    @Test func usageErrors() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let none = try SwoopBinary.run(["sweep", "validate"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("give at least one"))
        let missing = try SwoopBinary.run(["sweep", "validate", dir.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("no such file"))
    }
}
