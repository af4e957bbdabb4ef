import SwoopModel

/// Typed reads of one sampler's `args`, each error naming the argument's key path and what was expected.
struct SamplerArgumentReader {
    let args: [String: JSONValue]
    let path: String
    let type: String

    func child(_ key: String) -> String { KeyPath.child(path, key) }

    func has(_ key: String) -> Bool { args[key] != nil }

    /// Rejects every argument not in `known`, listing the known ones (Optuna would raise a TypeError).
    func checkKnown(_ known: [String], diags: inout DiagnosticCollector) {
        for key in args.keys.sorted() where !known.contains(key) {
            diags.error(child(key), "unknown argument '\(key)' for \(type); known arguments: \(known.joined(separator: ", "))", atKey: true)
        }
    }

    func integer(_ key: String, atLeast minimum: Int, diags: inout DiagnosticCollector) -> Int? {
        guard let v = args[key], let i = diags.integer(v, child(key)) else { return nil }
        guard i >= minimum else {
            diags.error(child(key), "expected an integer of at least \(minimum), got \(i)")
            return nil
        }
        return i
    }

    func bool(_ key: String, diags: inout DiagnosticCollector) -> Bool? {
        guard let v = args[key] else { return nil }
        return diags.bool(v, child(key))
    }

    /// A number in (above, atMost], or (above, ∞) when atMost is nil.
    func number(_ key: String, above minimum: Double, atMost maximum: Double?, diags: inout DiagnosticCollector) -> Double? {
        guard let v = args[key], let d = diags.finiteNumber(v, child(key)) else { return nil }
        guard d > minimum, maximum.map({ d <= $0 }) ?? true else {
            let range = maximum.map { "greater than \(Self.plain(minimum)) and at most \(Self.plain($0))" }
                ?? "greater than \(Self.plain(minimum))"
            diags.error(child(key), "expected a number \(range), got \(PythonRepr.of(v))")
            return nil
        }
        return d
    }

    /// A bound as people write it: 1, not 1.0.
    private static func plain(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : PythonRepr.number(d)
    }

    func choice(_ key: String, _ choices: [String], diags: inout DiagnosticCollector) -> String? {
        guard let v = args[key], let s = diags.string(v, child(key)) else { return nil }
        guard choices.contains(s) else {
            diags.error(child(key), "expected one of \(choices.joined(separator: ", ")), got \(PythonRepr.of(v))")
            return nil
        }
        return s
    }
}
