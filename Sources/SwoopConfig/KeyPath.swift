/// Builds and takes apart dotted key paths (`parameters.lr.max`, `command[2]`).
enum KeyPath {
    static func child(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    static func item(_ path: String, _ index: Int) -> String {
        path + "[\(index)]"
    }

    /// Drops the last component; keys may contain dots, so this is only used for location
    /// fallback, where a near miss still points somewhere sensible.
    static func parent(of path: String) -> String {
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") {
            return String(path[..<open])
        }
        if let dot = path.lastIndex(of: ".") {
            return String(path[..<dot])
        }
        return ""
    }
}
