import Foundation
import SwoopWeb
import Testing

/// The session secret file: made once (owner-only), read back the same, and a bad one named in the error.
@Suite("Web session secret")
struct WebSecretTests {
    @Test("the first load makes a 32-byte owner-only file; later loads read the same bytes; a short file is an error naming it")
    func loadMakeAndRefuse() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("web-secret")
        let made = try WebSecret.load(file: file)
        #expect(made.count == 32)
        #expect(try WebSecret.load(file: file) == made)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try Data("short".utf8).write(to: file)
        #expect {
            _ = try WebSecret.load(file: file)
        } throws: { error in
            "\(error)".contains(file.path) && "\(error)".contains("at least 32 bytes")
        }
    }
}
