import Foundation
import SwoopModel
import Yams

/// Turns YAML text into a `JSONValue`, remembering where every key and value was written.
///
/// Scalars are resolved with Yams' default (YAML 1.1-style) resolver, but numbers are converted
/// here rather than by Yams, whose integer constructor can trap on overflow.
struct YAMLDocumentReader {
    /// Deeper input is refused before Yams sees it (see `NestingDepthEstimate`).
    static let maxDepth = 128
    /// Aliases can make a small text expand exponentially; stop well before memory does.
    static let maxNodes = 200_000

    struct Failure: Error {
        var message: String
        var line: Int?
        var column: Int?
        /// Set when the problem belongs to one key (a duplicated key), empty for the whole text.
        var keyPath = ""
    }

    private(set) var sourceMap = SourceMap()
    private(set) var warnings: [(path: String, message: String)] = []
    private var nodeCount = 0

    /// The document's root value, or the reason the text is not a usable YAML document.
    mutating func read(_ text: String, bytes: [UInt8]) throws(Failure) -> JSONValue {
        let depth = NestingDepthEstimate.estimate(bytes)
        if depth > Self.maxDepth {
            throw Failure(message: "the document is nested too deeply (about \(depth) levels; at most \(Self.maxDepth) are accepted)")
        }
        let root: Node
        do {
            let parser = try Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8)
            guard let first = try parser.nextRoot() else {
                throw Failure(message: "the document is empty; expected a mapping with at least `method` and `parameters`")
            }
            if let second = try parser.nextRoot() {
                let m = second.mark
                throw Failure(message: "expected a single YAML document, found a second one (a sweep configuration is one mapping)",
                              line: m?.line, column: m?.column)
            }
            root = first
        } catch let f as Failure {
            throw f
        } catch let e as YamlError {
            if case let .duplicatedKeysInMapping(_, context) = e,
               let found = DuplicateKeyLocator.locate(in: text, firstAt: context.mark) {
                throw Failure(message: "duplicate key: this key already appears at line \(context.mark.line) of the same mapping; each key may appear once",
                              line: found.line, column: found.column, keyPath: found.path)
            }
            throw Self.failure(from: e)
        } catch {
            throw Failure(message: "not a readable YAML document: \(error)")
        }
        return try convert(root, path: "", depth: 0)
    }

    static func failure(from e: YamlError) -> Failure {
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var text = "not valid YAML: \(problem)"
            if let context { text += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return Failure(message: text, line: mark.line, column: mark.column)
        case let .reader(problem, offset, _, yaml):
            var f = Failure(message: "not valid YAML text: \(problem)")
            if let offset, let (line, column) = lineColumn(ofCharacter: offset, in: yaml) {
                f.line = line
                f.column = column
            }
            return f
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return Failure(message: "duplicate key \(keys) in one mapping; each key may appear once (first at line \(context.mark.line))",
                           line: context.mark.line, column: context.mark.column)
        default:
            return Failure(message: "not a readable YAML document: \(e)")
        }
    }

    static func lineColumn(ofCharacter offset: Int, in text: String) -> (Int, Int)? {
        var line = 1
        var column = 1
        var k = 0
        for ch in text {
            if k == offset { return (line, column) }
            if ch == "\n" { line += 1; column = 1 } else { column += 1 }
            k += 1
        }
        return k == offset ? (line, column) : nil
    }

    private mutating func record(_ node: Node, path: String) {
        if let m = node.mark { sourceMap.values[path] = .init(line: m.line, column: m.column) }
    }

    private mutating func convert(_ node: Node, path: String, depth: Int) throws(Failure) -> JSONValue {
        nodeCount += 1
        if nodeCount > Self.maxNodes {
            throw Failure(message: "the document expands to more than \(Self.maxNodes) values (aliases repeated too often?)")
        }
        if depth > Self.maxDepth {
            throw Failure(message: "the document is nested deeper than \(Self.maxDepth) levels",
                          line: node.mark?.line, column: node.mark?.column)
        }
        record(node, path: path)
        switch node {
        case .scalar(let s):
            return try scalar(s, tag: node.tag.rawValue, path: path)
        case .sequence(let seq):
            var out: [JSONValue] = []
            out.reserveCapacity(seq.count)
            for (i, item) in seq.enumerated() {
                out.append(try convert(item, path: KeyPath.item(path, i), depth: depth + 1))
            }
            return .array(out)
        case .mapping(let map):
            var out: [String: JSONValue] = [:]
            var merged: [String: JSONValue] = [:]
            for (k, v) in map {
                if k.tag.rawValue == Tag.Name.merge.rawValue {
                    try merge(v, into: &merged, path: path, depth: depth)
                    continue
                }
                guard case .scalar(let ks) = k else {
                    throw Failure(message: "a mapping key must be a string, found a \(k.sequence != nil ? "list" : "mapping") used as a key",
                                  line: k.mark?.line, column: k.mark?.column, keyPath: path)
                }
                let tag = k.tag.rawValue
                guard tag == Tag.Name.str.rawValue else {
                    let kind = tag.split(separator: ":").last.map(String.init) ?? tag
                    throw Failure(message: "a mapping key must be a string, found \(kind) key \(PythonRepr.clip(ks.string)); quote it (\"\(PythonRepr.clip(ks.string))\") if a string was meant",
                                  line: k.mark?.line, column: k.mark?.column, keyPath: path)
                }
                let childPath = KeyPath.child(path, ks.string)
                if let m = k.mark { sourceMap.keys[childPath] = .init(line: m.line, column: m.column) }
                out[ks.string] = try convert(v, path: childPath, depth: depth + 1)
            }
            // Keys written in the mapping win over keys brought in by `<<`, as YAML's merge says.
            for (k, v) in merged where out[k] == nil { out[k] = v }
            return .object(out)
        case .alias(let a):
            throw Failure(message: "unresolved alias *\(a.anchor.rawValue)", line: a.mark?.line, column: a.mark?.column)
        }
    }

    private mutating func merge(_ node: Node, into merged: inout [String: JSONValue], path: String,
                                depth: Int) throws(Failure) {
        switch node {
        case .mapping:
            if case .object(let o) = try convert(node, path: path, depth: depth + 1) {
                for (k, v) in o where merged[k] == nil { merged[k] = v }
            }
        case .sequence(let seq):
            for item in seq { try merge(item, into: &merged, path: path, depth: depth + 1) }
        default:
            throw Failure(message: "a merge key (<<) needs a mapping or a list of mappings",
                          line: node.mark?.line, column: node.mark?.column, keyPath: path)
        }
    }

    private mutating func scalar(_ s: Node.Scalar, tag: String, path: String) throws(Failure) -> JSONValue {
        let text = s.string
        switch tag {
        case Tag.Name.str.rawValue, Tag.Name.timestamp.rawValue, Tag.Name.value.rawValue,
             Tag.Name.binary.rawValue, Tag.Name.merge.rawValue:
            return .string(text)
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.bool.rawValue:
            switch text.lowercased() {
            case "true", "yes", "on", "y": return .bool(true)
            case "false", "no", "off", "n": return .bool(false)
            default:
                throw Failure(message: "!!bool value \(PythonRepr.quote(PythonRepr.clip(text))) is not true or false",
                              line: s.mark?.line, column: s.mark?.column, keyPath: path)
            }
        case Tag.Name.int.rawValue:
            if let v = YAMLNumbers.integer(text) {
                switch v {
                case .int: return v
                default:
                    warnings.append((path, "integer \(PythonRepr.clip(text)) does not fit in 64 bits; read as the float \(PythonRepr.of(v))"))
                    return v
                }
            }
            if s.style == .plain || s.style == .any { return .string(text) }
            throw Failure(message: "!!int value \(PythonRepr.quote(PythonRepr.clip(text))) is not an integer",
                          line: s.mark?.line, column: s.mark?.column, keyPath: path)
        case Tag.Name.float.rawValue:
            if let d = YAMLNumbers.float(text) { return .double(d) }
            if s.style == .plain || s.style == .any { return .string(text) }
            throw Failure(message: "!!float value \(PythonRepr.quote(PythonRepr.clip(text))) is not a number",
                          line: s.mark?.line, column: s.mark?.column, keyPath: path)
        default:
            throw Failure(message: "unsupported YAML tag \(tag) on \(PythonRepr.quote(PythonRepr.clip(text)))",
                          line: s.mark?.line, column: s.mark?.column, keyPath: path)
        }
    }
}
