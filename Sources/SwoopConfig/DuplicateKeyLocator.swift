import Yams

/// Finds the key path of a duplicated YAML key.
///
/// Yams refuses a mapping with a repeated key and reports only the first occurrence's position,
/// so the tree is lost. Renaming that occurrence in the text and composing again yields a tree in
/// which the renamed key can be found, giving its key path and the other occurrence's position.
enum DuplicateKeyLocator {
    static let marker = "swoop\u{B7}duplicate\u{B7}"

    struct Found {
        var path: String
        var line: Int
        var column: Int
    }

    static func locate(in text: String, firstAt mark: Mark) -> Found? {
        var scalars = Array(text.unicodeScalars)
        var line = 1
        var column = 1
        var index: Int?
        for (i, u) in scalars.enumerated() {
            if line == mark.line, column == mark.column { index = i; break }
            if u == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        guard var i = index else { return nil }
        if scalars[i] == "\"" || scalars[i] == "'" { i += 1 }
        scalars.insert(contentsOf: marker.unicodeScalars, at: i)
        var edited = String.UnicodeScalarView()
        edited.append(contentsOf: scalars)
        guard let root = try? Yams.compose(yaml: String(edited)) else { return nil }
        return search(root, path: "", depth: 0)
    }

    private static func search(_ node: Node, path: String, depth: Int) -> Found? {
        guard depth <= YAMLDocumentReader.maxDepth else { return nil }
        switch node {
        case .mapping(let m):
            for (k, _) in m {
                guard let s = k.scalar?.string, s.hasPrefix(marker) else { continue }
                let key = String(s.dropFirst(marker.count))
                let other = m.first { $0.key.scalar?.string == key }?.key.mark
                return Found(path: KeyPath.child(path, key), line: other?.line ?? k.mark?.line ?? 0,
                             column: other?.column ?? k.mark?.column ?? 0)
            }
            for (k, v) in m {
                if let found = search(v, path: KeyPath.child(path, k.scalar?.string ?? "?"), depth: depth + 1) { return found }
            }
        case .sequence(let s):
            for (i, item) in s.enumerated() {
                if let found = search(item, path: KeyPath.item(path, i), depth: depth + 1) { return found }
            }
        default:
            break
        }
        return nil
    }
}
