import Foundation

/// Job code on this machine: each code artifact is downloaded and unpacked once (per job version's
/// digest), each git commit checked out once, then copied into every run folder so runs never change
/// each other's files.
public actor CodeCache {
    /// Unpacks a code artifact (a tar.gz of the code folder) into a folder.
    public typealias Unpack = @Sendable (Data, URL) async throws -> Void

    /// Code artifacts as `swoop job create` packs them (`CodeArchive`).
    public static let unpackArchive: Unpack = { data, folder in try await CodeArchive.unpack(data, into: folder) }

    public let root: URL
    let unpack: Unpack
    /// Downloads and checkouts under way, so concurrent runs of one version wait for one copy.
    var inFlight: [String: Task<URL, any Error>] = [:]

    public init(root: URL, unpack: @escaping Unpack) {
        self.root = root; self.unpack = unpack
    }

    /// The unpacked folder of `digest`, downloading it with `download` the first time.
    public func folder(digest: String, download: @escaping @Sendable () async throws -> Data) async throws -> URL {
        let hex = digest.hasPrefix("sha256:") ? String(digest.dropFirst(7)) : digest
        let target = root.appendingPathComponent(hex, isDirectory: true)
        if FileManager.default.fileExists(atPath: target.path) { return target }
        if let running = inFlight[hex] { return try await running.value }
        let unpack = self.unpack
        let root = self.root
        let task = Task<URL, any Error> {
            let fm = FileManager.default
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
            // Unpack next to the target and rename, so a half-written folder is never taken for a cached one.
            let partial = root.appendingPathComponent(".partial-\(hex)-\(UUID().uuidString)", isDirectory: true)
            try fm.createDirectory(at: partial, withIntermediateDirectories: true)
            do {
                try await unpack(try await download(), partial)
                try fm.moveItem(at: partial, to: target)
            } catch {
                try? fm.removeItem(at: partial)
                if fm.fileExists(atPath: target.path) { return target }
                throw error
            }
            return target
        }
        inFlight[hex] = task
        defer { inFlight[hex] = nil }
        return try await task.value
    }

    /// Makes `runFolder` a fresh copy of `code` (or an empty folder when there is no code).
    public static func prepareRunFolder(_ runFolder: URL, code: URL?) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: runFolder.path) { try fm.removeItem(at: runFolder) }
        try fm.createDirectory(at: runFolder.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let code {
            try fm.copyItem(at: code, to: runFolder)
        } else {
            try fm.createDirectory(at: runFolder, withIntermediateDirectories: true)
        }
    }
}
