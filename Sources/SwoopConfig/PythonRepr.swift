import SwoopModel

/// Renders values the way W&B's Python messages show them (`[0.4, 0.4]`, `'a'`, `None`), so
/// messages match W&B's text: Python's `repr()` (`PythonText`), with long strings and containers cut
/// short for a one-line message.
enum PythonRepr {
    static func of(_ value: JSONValue, depth: Int = 0) -> String {
        if depth > 16 { return "..." }
        switch value {
        case .null, .bool, .int, .double: return PythonText.repr(value)
        case .string(let s): return quote(clip(s))
        case .array(let a):
            let shown = a.prefix(20).map { of($0, depth: depth + 1) }
            return "[" + shown.joined(separator: ", ") + (a.count > 20 ? ", ..." : "") + "]"
        case .object(let o):
            let keys = o.keys.sorted(by: SearchSpace.keyLess)
            let shown = keys.prefix(20).map { quote(clip($0)) + ": " + of(o[$0]!, depth: depth + 1) }
            return "{" + shown.joined(separator: ", ") + (keys.count > 20 ? ", ..." : "") + "}"
        }
    }

    static func number(_ d: Double) -> String { PythonText.float(d) }

    /// Long strings would flood a one-line message.
    static func clip(_ s: String) -> String {
        s.count > 80 ? String(s.prefix(77)) + "..." : s
    }

    static func quote(_ s: String) -> String { PythonText.quoted(s) }

    /// "a string ('abc')": the type and the value, for "expected X, got Y" messages.
    static func described(_ value: JSONValue) -> String {
        switch value {
        case .array, .object: return value.typeName
        default: return "\(value.typeName) (\(of(value)))"
        }
    }
}
