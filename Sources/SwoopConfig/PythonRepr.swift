import SwoopModel

/// Renders values the way W&B's Python messages show them (`[0.4, 0.4]`, `'a'`, `None`), so
/// messages match W&B's text.
enum PythonRepr {
    static func of(_ value: JSONValue, depth: Int = 0) -> String {
        if depth > 16 { return "..." }
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return number(d)
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

    /// Python's float repr: `1.0`, `0.1`, `1e-05`, `nan`, `inf`.
    static func number(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d == d.rounded(), abs(d) < 1e16 { return String(Int64(d)) + ".0" }
        return "\(d)"
    }

    /// Long strings would flood a one-line message.
    static func clip(_ s: String) -> String {
        s.count > 80 ? String(s.prefix(77)) + "..." : s
    }

    static func quote(_ s: String) -> String {
        var out = "'"
        for c in s.unicodeScalars {
            switch c {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += "\\x" + String(c.value, radix: 16) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "'"
    }

    /// "a string ('abc')": the type and the value, for "expected X, got Y" messages.
    static func described(_ value: JSONValue) -> String {
        switch value {
        case .array, .object: return value.typeName
        default: return "\(value.typeName) (\(of(value)))"
        }
    }
}
