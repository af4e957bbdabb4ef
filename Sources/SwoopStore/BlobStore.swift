import Foundation
import SwoopModel
#if canImport(Glibc)
import Glibc
#endif

/// Content-addressed files in the data folder (job code artifacts): a blob's name is `sha256:<hex>` of
/// its bytes, so storing the same code twice keeps one copy and a name always means the same bytes.
///
/// A blob is written to a temporary file, fsynced, renamed into place and its directory fsynced, so a
/// digest returned by `put` names a complete file even after a crash. Calls block on file I/O.
public struct BlobStore: Sendable {
    public let root: URL

    /// Blobs live in `<dataDirectory>/blobs/sha256/<first two hex digits>/<hex>`.
    public init(dataDirectory: URL) {
        root = dataDirectory.appendingPathComponent("blobs")
    }

    public static let prefix = "sha256:"

    /// Stores the bytes (once) and returns their digest, `sha256:<hex>`.
    public func put(_ data: Data) throws -> String {
        let hex = SHA256.hex(data)
        let target = try fileURL(hex: hex)
        if FileManager.default.fileExists(atPath: target.path) { return BlobStore.prefix + hex }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tmpDir = root.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmpDir, withIntermediateDirectories: true)
        let tmp = tmpDir.appendingPathComponent(UUID().uuidString)
        try BlobStore.writeSynced(data, to: tmp.path)
        // rename() is atomic: readers see no file or the whole file, never a partial one.
        guard rename(tmp.path, target.path) == 0 else {
            let code = errno
            unlink(tmp.path)
            throw StoreError.backend("cannot store blob \(hex): \(String(cString: strerror(code)))")
        }
        try BlobStore.syncDirectory(target.deletingLastPathComponent().path)
        return BlobStore.prefix + hex
    }

    /// The blob's bytes, checked against its digest (a damaged file is an error, not wrong code).
    public func get(_ digest: String) throws -> Data {
        let hex = try BlobStore.hex(of: digest)
        let url = try fileURL(hex: hex)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw StoreError.notFound(kind: "blob", id: digest) }
        guard SHA256.hex(data) == hex else {
            throw StoreError.backend("blob \(digest) is damaged: its content no longer matches its digest")
        }
        return data
    }

    public func contains(_ digest: String) -> Bool {
        guard let hex = try? BlobStore.hex(of: digest), let url = try? fileURL(hex: hex) else { return false }
        return FileManager.default.fileExists(atPath: url.path)
    }

    /// The file holding a blob, for streaming it out without loading it.
    public func fileURL(for digest: String) throws -> URL {
        try fileURL(hex: try BlobStore.hex(of: digest))
    }

    func fileURL(hex: String) throws -> URL {
        root.appendingPathComponent("sha256").appendingPathComponent(String(hex.prefix(2))).appendingPathComponent(hex)
    }

    /// Accepts `sha256:<64 hex>` (or the bare hex) and refuses anything that could name another path.
    static func hex(of digest: String) throws -> String {
        let hex = digest.hasPrefix(prefix) ? String(digest.dropFirst(prefix.count)) : digest
        guard hex.count == 64, hex.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else {
            throw StoreError.invalid(field: "digest", reason: "'\(digest)' is not sha256:<64 lower-case hex digits>")
        }
        return hex
    }

    static func writeSynced(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw StoreError.backend("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.backend("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw StoreError.backend("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Makes a rename durable: the new directory entry is on disk only once the directory is synced.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw StoreError.backend("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.backend("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}
