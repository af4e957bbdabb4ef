import Foundation
import SwoopModel
import Testing

@testable import SwoopAgent

@Suite("CodeArchive")
struct CodeArchiveTests {
    /// A fresh folder under the system temp directory, removed by the caller's defer.
    static func makeTemp() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("codearchive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, _ relative: String, in root: URL) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Every regular file under root, relative path → contents.
    static func contents(of root: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let base = root.resolvingSymlinksInPath().path
        let walker = FileManager.default.enumerator(atPath: base)
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = base + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try String(contentsOfFile: full, encoding: .utf8)
            }
        }
        return files
    }

    static func sampleFolder() throws -> URL {
        let root = try makeTemp()
        try write("print('hi')\n", "train.py", in: root)
        try write("x = 1\n", "pkg/module.py", in: root)
        try write("ignored-by-git-but-kept\n", ".gitignore", in: root)
        try write("deep\n", String(repeating: "long-folder-name/", count: 8) + "file-with-a-name-past-100-bytes.txt", in: root)
        try write("[core]\n", ".git/config", in: root)
        try write("bytecode", "pkg/__pycache__/module.cpython-312.pyc", in: root)
        try write("state", ".swoop/state.json", in: root)
        try write("obj", ".build/debug/x.o", in: root)
        try write("obj", ".build-linux/x.o", in: root)
        try write("lib", ".venv/lib/site.py", in: root)
        try write("lib", ".venv-bench/lib/site.py", in: root)
        return root
    }

    @Test func roundTripKeepsCodeAndDropsToolingFolders() async throws {
        let source = try Self.sampleFolder()
        let target = try Self.makeTemp()
        defer { try? FileManager.default.removeItem(at: source); try? FileManager.default.removeItem(at: target) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: source.appendingPathComponent("train.py").path)

        let archive = try await CodeArchive.pack(directory: source)
        try await CodeArchive.unpack(archive, into: target.appendingPathComponent("out"))

        let unpacked = try Self.contents(of: target.appendingPathComponent("out"))
        let longPath = String(repeating: "long-folder-name/", count: 8) + "file-with-a-name-past-100-bytes.txt"
        #expect(unpacked == [
            "train.py": "print('hi')\n", "pkg/module.py": "x = 1\n",
            ".gitignore": "ignored-by-git-but-kept\n", longPath: "deep\n",
        ])
        let mode = try FileManager.default.attributesOfItem(
            atPath: target.appendingPathComponent("out/train.py").path)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o111 } == 0o111, "the executable bit survives")
    }

    @Test func sameContentsGiveSameBytesWhateverTheTimesAndModes() async throws {
        let first = try Self.sampleFolder()
        defer { try? FileManager.default.removeItem(at: first) }
        let a = try await CodeArchive.pack(directory: first)

        // The same files written later, in another order, with group-writable permissions.
        let second = try Self.makeTemp()
        defer { try? FileManager.default.removeItem(at: second) }
        try Self.write("x = 1\n", "pkg/module.py", in: second)
        try Self.write("deep\n", String(repeating: "long-folder-name/", count: 8) + "file-with-a-name-past-100-bytes.txt", in: second)
        try Self.write("ignored-by-git-but-kept\n", ".gitignore", in: second)
        try Self.write("print('hi')\n", "train.py", in: second)
        try Self.write("other tooling", ".venv/other", in: second)
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: second.appendingPathComponent("pkg/module.py").path)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: second.appendingPathComponent("train.py").path)
        let b = try await CodeArchive.pack(directory: second)
        #expect(a == b)
        #expect(SHA256.hex(a) == SHA256.hex(b))

        try Self.write("print('changed')\n", "train.py", in: second)
        let c = try await CodeArchive.pack(directory: second)
        #expect(SHA256.hex(c) != SHA256.hex(a))
    }

    @Test func packRefusesAMissingFolder() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)")
        await #expect(throws: CodeArchiveError.notADirectory(missing.path)) {
            _ = try await CodeArchive.pack(directory: missing)
        }
    }

    @Test func packRefusesASymlinkOutOfTheFolder() async throws {
        let root = try Self.makeTemp()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write("a", "a.txt", in: root)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        let error = await #expect(throws: CodeArchiveError.self) { _ = try await CodeArchive.pack(directory: root) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("\"./etc\" points to the absolute path \"/etc\""))
    }

    @Test func innerSymlinksArePacked() async throws {
        let root = try Self.makeTemp()
        let target = try Self.makeTemp()
        defer { try? FileManager.default.removeItem(at: root); try? FileManager.default.removeItem(at: target) }
        try Self.write("data", "data/a.txt", in: root)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("pkg").path, withDestinationPath: "data")
        try await CodeArchive.unpack(try await CodeArchive.pack(directory: root), into: target)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target.appendingPathComponent("pkg").path) == "data")
    }

    /// Archives made by plain `tar -P`, which keeps absolute and `..` names that pack never makes.
    static func hostileArchive(_ arguments: [String], in directory: URL) async throws -> Data {
        try tool("tar", ["-czPf", "-"] + arguments, in: directory)
    }

    /// Runs a tool with Foundation's Process so the test needs no dependency the target lacks.
    static func tool(_ name: String, _ arguments: [String], in directory: URL? = nil, input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        if let input {
            let inputURL = output.appendingPathExtension("in")
            try input.write(to: inputURL)
            defer { try? FileManager.default.removeItem(at: inputURL) }
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        }
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try Data(contentsOf: output)
    }

    @Test func unpackRefusesAbsoluteAndParentPaths() async throws {
        let root = try Self.makeTemp()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write("payload", "inside/victim.txt", in: root)
        try Self.write("payload", "outside.txt", in: root)

        let absolute = try await Self.hostileArchive([root.appendingPathComponent("outside.txt").path], in: root)
        let error1 = await #expect(throws: CodeArchiveError.self) {
            try await CodeArchive.unpack(absolute, into: root.appendingPathComponent("t1"))
        }
        #expect("\(error1.map { "\($0)" } ?? "")".contains("absolute path"))

        let parent = try await Self.hostileArchive(["../outside.txt"], in: root.appendingPathComponent("inside"))
        let error2 = await #expect(throws: CodeArchiveError.self) {
            try await CodeArchive.unpack(parent, into: root.appendingPathComponent("t2/deeper"))
        }
        #expect("\(error2.map { "\($0)" } ?? "")".contains("\"../outside.txt\" contains '..'"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("t2/outside.txt").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("t1").path), "nothing extracted")
    }

    @Test func unpackRefusesSomethingThatIsNotAnArchive() async throws {
        let root = try Self.makeTemp()
        defer { try? FileManager.default.removeItem(at: root) }
        await #expect(throws: CodeArchiveError.malformed("it does not start with the gzip signature")) {
            try await CodeArchive.unpack(Data("hello".utf8), into: root)
        }
        // gzip'd garbage: the tar layer rejects it.
        let garbage = try Self.tool("gzip", ["-n", "-c"], input: Data(repeating: 7, count: 2048))
        let error = await #expect(throws: CodeArchiveError.self) { try await CodeArchive.unpack(garbage, into: root) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("checksum"))
        // A gzip stream cut short.
        let good = try await CodeArchive.pack(directory: try Self.sampleFolder())
        let error3 = await #expect(throws: CodeArchiveError.self) {
            try await CodeArchive.unpack(good.prefix(good.count / 2), into: root)
        }
        #expect("\(error3.map { "\($0)" } ?? "")".contains("not a valid tar.gz"))
    }

    @Test func symlinkTargetsAreJudgedFromTheirFolder() {
        func problem(_ name: String, _ target: String) -> String? {
            TarEntry(name: name, kind: .symbolicLink, linkTarget: target).problem()
        }
        #expect(problem("./a/b/link", "../c") == nil)
        #expect(problem("./a/b/link", "../../c") == nil)
        #expect(problem("./a/b/link", "../../../c") != nil)
        #expect(problem("./link", "./x/../../y") != nil)
        #expect(TarEntry(name: "./fifo", kind: .other(UInt8(ascii: "6")), linkTarget: "").problem()?.contains("'6'") == true)
        #expect(TarEntry(name: "./h", kind: .hardLink, linkTarget: "/etc/passwd").problem() != nil)
    }
}
