import SwoopModel

/// The flattened parameter tree in W&B's order: depth first, keys sorted at every level.
///
/// Search methods work on flat value vectors aligned with `parameters`; runs see nested objects.
public struct SearchSpace: Sendable, Hashable {
    public private(set) var parameters: [ParameterSpec]

    /// Sorts the given leaves into W&B's order (depth first, keys sorted at every level).
    public init(parameters: [ParameterSpec]) {
        self.parameters = parameters.sorted { Self.pathLess($0.path, $1.path) }
    }

    /// Depth-first with sorted keys is the same as lexicographic order of the key paths.
    static func pathLess(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            return Self.keyLess(x, y)
        }
        return a.count < b.count
    }

    /// Python's string order (by code point), which W&B's enumeration order follows.
    public static func keyLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// Indices of the parameters that are searched (everything but constants).
    public var searchableIndices: [Int] {
        parameters.indices.filter { !parameters[$0].distribution.isConstant }
    }

    /// Builds the nested configuration a run receives (`{"opt": {"lr": 0.1}, "layers": 3}`).
    public func nested(_ values: [JSONValue]) -> JSONValue {
        precondition(values.count == parameters.count, "one value per parameter")
        var root: [String: JSONValue] = [:]
        for (spec, value) in zip(parameters, values) {
            Self.insert(value, at: spec.path[...], into: &root)
        }
        return .object(root)
    }

    private static func insert(_ value: JSONValue, at path: ArraySlice<String>, into object: inout [String: JSONValue]) {
        let key = path.first!
        if path.count == 1 {
            object[key] = value
            return
        }
        var child = object[key]?.objectValue ?? [:]
        insert(value, at: path.dropFirst(), into: &child)
        object[key] = .object(child)
    }

    /// Reads each parameter's value out of a nested configuration; nil where it is missing.
    ///
    /// Accepts both plain nesting and W&B's run-config shape, where each top-level key holds
    /// `{"value": ...}`.
    public func flatten(_ config: JSONValue) -> [JSONValue?] {
        parameters.map { spec in
            var node: JSONValue? = config
            for (depth, key) in spec.path.enumerated() {
                guard var next = node?[key] else { return nil }
                if depth == 0, case .object(let o) = next, o.count == 1, let v = o["value"] {
                    next = v
                }
                node = next
            }
            return node
        }
    }
}
