import Foundation
import SwoopTestSupport
import SwoopModel

/// Runs the real `swoop` binary built next to the test runner, with a hard time limit.
struct SwoopProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// The build folder that holds both the test runner and `swoop`.
    static var binDirectory: URL { TestEnvironment.buildDirectory }

    static var swoop: String { TestEnvironment.swoopBinary }

    /// The project root (the folder with Package.swift), for fixtures and ../shared.
    static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static var sharedDirectory: URL { projectRoot.deletingLastPathComponent().appendingPathComponent("shared") }

    /// Runs `swoop ARGS` with the given standard input; killed after `timeout` seconds.
    static func run(_ args: [String], stdin: String = "", timeout: Int = 60) throws -> Output {
        try runCommand("/usr/bin/timeout", ["-s", "KILL", String(timeout), swoop] + args, stdin: stdin)
    }

    static func runCommand(_ path: String, _ args: [String], stdin: String = "", cwd: URL? = nil) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        try p.run()
        // Drain the pipes while writing stdin so neither side blocks on a full pipe buffer.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = outPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        inPipe.fileHandleForWriting.write(Data(stdin.utf8))
        try inPipe.fileHandleForWriting.close()
        p.waitUntilExit()
        group.wait()
        return Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writes a file under a fresh temporary folder and returns its path.
    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }
}

/// A live `swoop optimize` process driven one request at a time, for sessions whose tells depend on answers.
final class OptimizeDriver {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private var buffer: [UInt8] = []

    init(config: String, seed: Int) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-s", "KILL", "120", SwoopProcess.swoop, "optimize", config, "--seed", String(seed)]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Sends one request line and reads exactly one answer line.
    func request(_ json: String) throws -> JSONValue {
        input.fileHandleForWriting.write(Data((json + "\n").utf8))
        let fd = output.fileHandleForReading.fileDescriptor
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n <= 0 { throw CocoaError(.fileReadUnknown) }
            if byte == UInt8(ascii: "\n") { break }
            buffer.append(byte)
        }
        defer { buffer.removeAll(keepingCapacity: true) }
        return try JSONText.parse(buffer)
    }

    func finish() throws -> Int32 {
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
