import SwoopModel

/// Argument checks shared by both stores, so they refuse exactly the same input.
enum Validation {
    /// Names appear in `entity/project/name:alias` references and URLs: no separators, bounded length.
    static func name(_ value: String, field: String = "name") throws {
        guard !value.isEmpty, value.count <= 128 else {
            throw StoreError.invalid(field: field, reason: "must be 1 to 128 characters")
        }
        let forbidden: Set<Character> = ["/", ":", "?", "#", "\\", "\n", "\r", "\t", " "]
        if let bad = value.first(where: { forbidden.contains($0) }) {
            throw StoreError.invalid(field: field, reason: "'\(value)' contains '\(bad)'")
        }
    }

    static func id<K>(_ id: Identifier<K>, field: String) throws {
        guard id.isWellFormed else {
            throw StoreError.invalid(field: field, reason: "'\(id.rawValue)' is not a valid \(K.name) id")
        }
    }

    static func leaseSeconds(_ s: Int) throws {
        guard (1...86_400).contains(s) else {
            throw StoreError.invalid(field: "leaseSeconds", reason: "must be between 1 and 86400, got \(s)")
        }
    }

    static func limit(_ n: Int) -> Int { min(max(n, 1), 10_000) }

    /// Custom aliases must not look like versions (`v3`), which always mean that version.
    static func alias(_ alias: String) throws {
        try name(alias, field: "alias")
        if JobAlias.versionNumber(of: alias) != nil {
            throw StoreError.invalid(field: "alias", reason: "'\(alias)' names a version; version aliases cannot be moved")
        }
    }
}
