import SwoopModel

/// Reads `early_terminate:` (hyperband, reference section 1.6) and checks it yields at least one band.
enum EarlyTerminateParser {
    static let keys = ["type", "min_iter", "max_iter", "s", "eta", "strict"]

    static func parse(_ value: JSONValue, path: String, diags: inout DiagnosticCollector) -> (EarlyTerminateSpec, JSONValue)? {
        guard let o = diags.mapping(value, path) else { return nil }
        let before = diags.errorCount
        func p(_ k: String) -> String { KeyPath.child(path, k) }
        diags.onlyKeys(o, keys, at: path, what: "early_terminate")
        if let t = o["type"] {
            if t != .string("hyperband") { diags.error(p("type"), "\(PythonRepr.of(t)) is not one of ['hyperband']") }
        } else {
            diags.error(path, "'type' is a required property: write `type: hyperband`")
        }
        var minIter: Int?, maxIter: Int?, s: Double?
        if let v = o["min_iter"], let i = diags.integer(v, p("min_iter")) {
            if i < 1 { diags.error(p("min_iter"), "expected min_iter >= 1, got \(i)") } else { minIter = i }
        }
        if let v = o["max_iter"], let i = diags.integer(v, p("max_iter")) {
            if i < 1 { diags.error(p("max_iter"), "expected max_iter >= 1, got \(i)") } else { maxIter = i }
        }
        if let v = o["s"], let d = diags.finiteNumber(v, p("s")) {
            // W&B loops `range(s)` times, so only a whole number of brackets means anything.
            if d < 0 || d != d.rounded() || d > 1000 {
                diags.error(p("s"), "expected a whole number of brackets from 0 to 1000, got \(PythonRepr.of(v))")
            } else { s = d }
        }
        var eta = 3.0
        if let v = o["eta"], let d = diags.finiteNumber(v, p("eta")) {
            if d <= 1 { diags.error(p("eta"), "\(PythonRepr.of(v)) is less than or equal to the minimum of 1: eta must be greater than 1") } else { eta = d }
        }
        var strict = true
        if let v = o["strict"], let b = diags.bool(v, p("strict")) { strict = b }

        let hasMaxForm = o["max_iter"] != nil && o["s"] != nil
        if !hasMaxForm && o["min_iter"] == nil {
            if o["max_iter"] != nil || o["s"] != nil {
                diags.error(path, "hyperband needs both max_iter and s (found only \(o["s"] == nil ? "max_iter" : "s")), or min_iter")
            } else {
                diags.error(path, "hyperband needs either max_iter and s, or min_iter")
            }
        } else if hasMaxForm && o["min_iter"] != nil {
            diags.warning(p("min_iter"), "min_iter is ignored because max_iter and s are given (max_iter wins, as in W&B)")
        }
        guard diags.errorCount == before else { return nil }
        let spec = EarlyTerminateSpec(type: "hyperband", minIter: hasMaxForm ? nil : minIter,
                                      maxIter: hasMaxForm ? maxIter : nil, s: hasMaxForm ? s : nil, eta: eta, strict: strict)
        if hasMaxForm, let maxIter, let s, bands(maxIter: maxIter, s: Int(s), eta: eta).isEmpty {
            diags.error(path, "Bands must be an array of length at least 1. Try increasing s, decreasing eta, or increasing min_iter. (max_iter \(maxIter) divided by eta \(PythonRepr.of(o["eta"] ?? .int(3))) falls below 1 at once)")
            return nil
        }
        var filled = o
        filled["eta"] = o["eta"] ?? .int(3)
        filled["strict"] = .bool(strict)
        return (spec, .object(filled))
    }

    /// W&B's bracket sizes for the max_iter form: divide by eta s times, stop below 1.
    static func bands(maxIter: Int, s: Int, eta: Double) -> [Int] {
        var b = Double(maxIter)
        var out: [Int] = []
        for _ in 0..<s {
            b /= eta
            if b < 1 { break }
            out.append(Int(b.rounded(.down)))
        }
        return out.sorted()
    }
}
