/// One member of a tar archive as far as safety checks need it: its path, its type and, for links,
/// where it points.
struct TarEntry: Sendable, Equatable {
    /// The tar type flag: regular file, directory, symbolic link, hard link, and the kinds a code
    /// archive never needs (devices, FIFOs).
    enum Kind: Sendable, Equatable {
        case file
        case directory
        case symbolicLink
        case hardLink
        case other(UInt8)
    }

    var name: String
    var kind: Kind
    var linkTarget: String

    /// Why extracting this entry could write outside the target folder or create something a code
    /// folder never holds, or nil when it is safe.
    func problem() -> String? {
        if name.hasPrefix("/") { return "absolute path \(quoted(name))" }
        let components = Self.components(of: name)
        if components.contains("..") { return "path \(quoted(name)) contains '..'" }
        switch kind {
        case .file, .directory:
            return nil
        case .hardLink:
            if linkTarget.hasPrefix("/") || Self.components(of: linkTarget).contains("..") {
                return "hard link \(quoted(name)) points outside the archive (\(quoted(linkTarget)))"
            }
            return nil
        case .symbolicLink:
            if linkTarget.hasPrefix("/") {
                return "symbolic link \(quoted(name)) points to the absolute path \(quoted(linkTarget))"
            }
            var depth = components.count - 1
            for part in Self.components(of: linkTarget) {
                depth += part == ".." ? -1 : 1
                if depth < 0 {
                    return "symbolic link \(quoted(name)) points outside the archive (\(quoted(linkTarget)))"
                }
            }
            return nil
        case .other(let flag):
            let shown = (32..<127).contains(flag) ? "'\(Character(UnicodeScalar(flag)))'" : "byte \(flag)"
            return "entry \(quoted(name)) has tar type \(shown) (only files, folders and links belong in code)"
        }
    }

    private static func components(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
    }

    private func quoted(_ s: String) -> String { "\"\(s)\"" }
}
