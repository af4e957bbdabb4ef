import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

@Suite struct BlobStoreTests {
    func withBlobs(_ body: (BlobStore, URL) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-blobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(BlobStore(dataDirectory: dir), dir)
    }

    @Test func storesByContentOnce() throws {
        try withBlobs { blobs, dir in
            let code = Data("print('train')\n".utf8)
            let digest = try blobs.put(code)
            #expect(digest == "sha256:" + SHA256.hex(code))
            #expect(try blobs.put(code) == digest)
            #expect(try blobs.get(digest) == code)
            #expect(blobs.contains(digest))
            let hex = String(digest.dropFirst(7))
            #expect(try blobs.fileURL(for: digest).path == dir.path + "/blobs/sha256/\(hex.prefix(2))/\(hex)")
            // No temporary files are left behind.
            let tmp = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("blobs/tmp").path)
            #expect(tmp.isEmpty)
            #expect(try blobs.put(Data()) == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        }
    }

    @Test func refusesBadDigestsAndDamagedFiles() throws {
        try withBlobs { blobs, _ in
            #expect(throws: StoreError.self) { try blobs.get("sha256:../../etc/passwd") }
            #expect(throws: StoreError.self) { try blobs.get("md5:abc") }
            #expect(!blobs.contains("sha256:zz"))
            let missing = "sha256:" + String(repeating: "0", count: 64)
            #expect(throws: StoreError.notFound(kind: "blob", id: missing)) { try blobs.get(missing) }
            let digest = try blobs.put(Data("v1".utf8))
            try Data("tampered".utf8).write(to: try blobs.fileURL(for: digest))
            #expect(throws: StoreError.self) { try blobs.get(digest) }
        }
    }
}
