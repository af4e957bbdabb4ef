import Foundation
import SwoopModel

/// Number formatting for charts and tables: short labels, and compact coordinates that keep SVG small.
public enum NumberFormat {
    /// A coordinate with at most one decimal (`12.5`, `3`): pixel precision, few bytes.
    public static func coordinate(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let tenths = (v * 10).rounded()
        if tenths.magnitude >= 1e15 { return String(Int64(v.rounded())) }
        let t = Int64(tenths)
        let whole = t / 10
        let frac = abs(t % 10)
        if frac == 0 { return String(whole) }
        return (t < 0 && whole == 0 ? "-0" : String(whole)) + "." + String(frac)
    }

    /// A value for labels and table cells with about four significant digits (`0.0123`, `1.5e-06`, `250`).
    public static func short(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded(), v.magnitude < 1e9 { return String(Int64(v)) }
        return String(format: "%.4g", v)
    }

    /// A JSON value as a table cell shows it: numbers shortened, strings as they are, others compact JSON.
    public static func cell(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .bool(let b)?: return b ? "true" : "false"
        case .int(let i)?: return String(i)
        case .double(let d)?: return short(d)
        case .string(let s)?: return s
        case .array(let a)?: return "[" + a.map { cell($0) }.joined(separator: ", ") + "]"
        case .object(let o)?:
            return "{" + o.keys.sorted().map { "\($0): \(cell(o[$0]))" }.joined(separator: ", ") + "}"
        }
    }
}
