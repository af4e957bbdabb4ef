import SwoopModel

/// Typed reads of configuration values that report what was expected and what was found.
extension DiagnosticCollector {
    mutating func string(_ value: JSONValue, _ path: String) -> String? {
        if case .string(let s) = value { return s }
        error(path, "expected a string, got \(PythonRepr.described(value))")
        return nil
    }

    mutating func mapping(_ value: JSONValue, _ path: String) -> [String: JSONValue]? {
        if case .object(let o) = value { return o }
        error(path, "expected a mapping, got \(PythonRepr.described(value))")
        return nil
    }

    mutating func bool(_ value: JSONValue, _ path: String) -> Bool? {
        if case .bool(let b) = value { return b }
        error(path, "expected true or false, got \(PythonRepr.described(value))")
        return nil
    }

    /// A finite number; booleans are not numbers here, although Python would accept them.
    mutating func finiteNumber(_ value: JSONValue, _ path: String) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d):
            if d.isFinite { return d }
            error(path, "expected a finite number, got \(PythonRepr.number(d))")
            return nil
        default:
            var hint = ""
            if case .string(let s) = value, Double(s) != nil {
                hint = " (write it unquoted to make it a number)"
            }
            error(path, "expected a number, got \(PythonRepr.described(value))\(hint)")
            return nil
        }
    }

    /// An integer as written: `1.0` is a float, which W&B's format check rejects for integer keys.
    mutating func integer(_ value: JSONValue, _ path: String) -> Int? {
        if case .int(let i) = value { return i }
        error(path, "expected an integer, got \(PythonRepr.described(value))")
        return nil
    }

    /// Checks every key of a mapping is one of `allowed`, reporting each unknown key at its own line.
    mutating func onlyKeys(_ object: [String: JSONValue], _ allowed: [String], at path: String, what: String) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            error(KeyPath.child(path, key),
                  "unknown key '\(key)' in \(what); expected one of: \(allowed.joined(separator: ", "))", atKey: true)
        }
    }
}
