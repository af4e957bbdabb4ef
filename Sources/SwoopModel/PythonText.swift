/// Renders values the way Python's `str()` and `repr()` do: W&B's command macros render hyperparameters
/// with `str()` and training scripts written for W&B parse exactly that (`--flag=True`, `--lr=1e-05`,
/// `--layers=[1, 2]`), and W&B's messages show values with `repr()`.
///
/// Scalars match Python exactly. Lists and dicts follow Python's `str()` of the JSON-decoded value
/// (`[1, 'a']`, `{'k': 1}`), with one difference: dict keys come out sorted, since a JSON object
/// carries no order (Python would keep insertion order).
public enum PythonText {
    /// `str(value)` as Python prints it at the top level (strings without quotes).
    public static func str(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return repr(value)
    }

    /// `repr(value)`: how the value shows inside a list or dict.
    public static func repr(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return float(d)
        case .string(let s): return quoted(s)
        case .array(let items): return "[" + items.map(repr).joined(separator: ", ") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { quoted($0) + ": " + repr(o[$0]!) }.joined(separator: ", ") + "}"
        }
    }

    /// Python's float repr: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on
    /// (`0.0001`, `1e-05`, `1e+16`, `1.0`, `nan`, `inf`).
    public static func float(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (digits, point) = shortestDigits(abs(d))
        let sign = d < 0 ? "-" : ""
        // `point` places the decimal point: value = 0.DIGITS x 10^point.
        if point <= -4 || point > 16 {
            let exponent = point - 1
            let mantissa = digits.count > 1 ? String(digits.first!) + "." + digits.dropFirst() : String(digits)
            let e = String(abs(exponent))
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e.count < 2 ? "0" + e : e)
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) + ".0" }
        let i = digits.index(digits.startIndex, offsetBy: point)
        return sign + digits[..<i] + "." + digits[i...]
    }

    /// The shortest digits that round-trip (Swift's `description` computes them) and the point position.
    static func shortestDigits(_ d: Double) -> (String, Int) {
        let text = "\(d)"
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(pieces[0])
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var all = whole + fraction
        var point = whole.count + exponent
        while all.first == "0" { all.removeFirst(); point -= 1 }
        while all.last == "0" { all.removeLast() }
        return (all.isEmpty ? "0" : all, point)
    }

    /// A string as Python's `repr()` quotes it.
    public static func quoted(_ s: String) -> String {
        // Python picks double quotes when the text holds a single quote and no double quote.
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(c) == quote {
                    out += "\\" + String(c)
                } else if c.value < 0x20 || c.value == 0x7f {
                    let hex = String(c.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out.append(quote)
        return out
    }
}
