import Foundation
import Testing
@testable import SwoopAgent

/// Reading a growing output file: whole lines as they complete, the unfinished one only at the end.
@Suite struct OutputFileTailerTests {
    @Test func linesArriveAsTheyComplete() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-tail-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var tailer = OutputFileTailer(path: path)
        #expect(tailer.read().isEmpty, "no file yet is no output, not an error")
        try Data("one\ntw".utf8).write(to: URL(fileURLWithPath: path))
        #expect(tailer.read() == ["one"])
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("o\r\nthree\nfou".utf8))
        try handle.close()
        #expect(tailer.read() == ["two", "three"])
        #expect(tailer.read().isEmpty)
        #expect(tailer.read(final: true) == ["fou"])
        #expect(tailer.read(final: true).isEmpty)
    }
}
