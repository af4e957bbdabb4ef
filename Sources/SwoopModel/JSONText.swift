import Foundation

/// Reads and writes JSON text. Reading accepts `NaN`, `Infinity` and `-Infinity` as numbers, as
/// Python's `json` module writes them, so values from any client can be told without loss.
public enum JSONText {
    /// Why a JSON text could not be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public let offset: Int
        public var description: String { "\(message) at character \(offset + 1)" }
    }

    /// The deepest nesting accepted; deeper input is an error rather than a stack overflow.
    public static let maxDepth = 256

    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> JSONValue {
        var p = Parser(bytes: bytes)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i < bytes.count { throw p.error("unexpected text after the JSON value") }
        return v
    }

    /// Compact JSON with object keys sorted, so equal values always print the same way. A float keeps
    /// its fraction (`1.0`, never `1`) so whoever reads it back can tell it from an integer.
    public static func render(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// The API's form of `render` (see `APICoding`): non-finite numbers as the strings `"NaN"`,
    /// `"Infinity"` and `"-Infinity"`, which strict JSON readers (browsers) accept; `pretty` indents.
    public static func renderForAPI(_ value: JSONValue, pretty: Bool = false) -> String {
        var out = ""
        write(value, into: &out, nonFiniteAsStrings: true, indent: pretty ? 0 : nil)
        return out
    }

    public static func write(_ value: JSONValue, into out: inout String) {
        write(value, into: &out, nonFiniteAsStrings: false, indent: nil)
    }

    /// `indent` is the current depth when pretty-printing, nil for compact text.
    static func write(_ value: JSONValue, into out: inout String, nonFiniteAsStrings: Bool, indent: Int?) {
        func newline(_ depth: Int) {
            out += "\n"
            for _ in 0..<depth { out += "  " }
        }
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if nonFiniteAsStrings, !d.isFinite { out += "\"" + renderNumber(d) + "\"" } else { out += renderNumber(d) }
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out += "["
            for (k, e) in a.enumerated() {
                if k > 0 { out += "," }
                if let indent { newline(indent + 1) }
                write(e, into: &out, nonFiniteAsStrings: nonFiniteAsStrings, indent: indent.map { $0 + 1 })
            }
            if let indent, !a.isEmpty { newline(indent) }
            out += "]"
        case .object(let o):
            out += "{"
            for (k, entry) in o.sorted(by: { $0.key < $1.key }).enumerated() {
                if k > 0 { out += "," }
                if let indent { newline(indent + 1) }
                writeString(entry.key, into: &out)
                out += indent == nil ? ":" : " : "
                write(entry.value, into: &out, nonFiniteAsStrings: nonFiniteAsStrings, indent: indent.map { $0 + 1 })
            }
            if let indent, !o.isEmpty { newline(indent) }
            out += "}"
        }
    }

    /// Shortest text that reads back as the same double; non-finite values as Python writes them.
    /// Swift's description always marks a float: `1.0`, `-0.0`, `1e+300`, `5e-324`.
    public static func renderNumber(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        return d.description
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: append them whole rather than scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ m: String) -> ParseError { ParseError(message: m, offset: i) }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
                i += 1
            }
        }

        mutating func literal(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { return false }
            i += w.count
            return true
        }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth < JSONText.maxDepth else { throw error("JSON nested deeper than \(JSONText.maxDepth) levels") }
            guard i < bytes.count else { throw error("unexpected end of JSON text") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                if literal("true") { return .bool(true) }
            case UInt8(ascii: "f"):
                if literal("false") { return .bool(false) }
            case UInt8(ascii: "n"):
                if literal("null") { return .null }
            case UInt8(ascii: "N"):
                if literal("NaN") { return .double(.nan) }
            case UInt8(ascii: "I"):
                if literal("Infinity") { return .double(.infinity) }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try number()
            default: break
            }
            throw error("unexpected character '\(String(decoding: [bytes[i]], as: UTF8.self))'")
        }

        mutating func object(depth: Int) throws(ParseError) -> JSONValue {
            i += 1
            var o: [String: JSONValue] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a quoted object key") }
                let k = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
                i += 1
                skipSpace()
                o[k] = try value(depth: depth + 1)
                skipSpace()
                guard i < bytes.count else { throw error("unterminated object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                throw error("expected ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> JSONValue {
            i += 1
            var a: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            while true {
                skipSpace()
                a.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw error("unterminated list") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                throw error("expected ',' or ']' in a list")
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard i + 4 <= bytes.count else { throw error("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw error("bad hex digit in \\u escape")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }

        mutating func string() throws(ParseError) -> String {
            i += 1
            var buf: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = String(validating: buf, as: UTF8.self) else { throw error("string is not valid UTF-8") }
                    return s
                }
                if c < 0x20 { throw error("control character in string") }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""): buf.append(0x22)
                    case UInt8(ascii: "\\"): buf.append(0x5C)
                    case UInt8(ascii: "/"): buf.append(0x2F)
                    case UInt8(ascii: "b"): buf.append(0x08)
                    case UInt8(ascii: "f"): buf.append(0x0C)
                    case UInt8(ascii: "n"): buf.append(0x0A)
                    case UInt8(ascii: "r"): buf.append(0x0D)
                    case UInt8(ascii: "t"): buf.append(0x09)
                    case UInt8(ascii: "u"):
                        var cp = try hex4()
                        if (0xD800..<0xDC00).contains(cp) {
                            guard literal("\\u") else { throw error("lone surrogate in \\u escape") }
                            let lo = try hex4()
                            guard (0xDC00..<0xE000).contains(lo) else { throw error("bad surrogate pair") }
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(cp) else { throw error("invalid code point in \\u escape") }
                        buf.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw error("unknown escape '\\\(String(decoding: [e], as: UTF8.self))'")
                    }
                    continue
                }
                buf.append(c)
                i += 1
            }
            throw error("unterminated string")
        }

        mutating func number() throws(ParseError) -> JSONValue {
            let start = i
            if bytes[i] == UInt8(ascii: "-") {
                i += 1
                if literal("Infinity") { return .double(-.infinity) }
            }
            var isFloat = false
            let digitsStart = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            if i == digitsStart { throw error("expected digits in a number") }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                isFloat = true
                i += 1
                let f = i
                while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
                if i == f { throw error("expected digits after the decimal point") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                isFloat = true
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                let e = i
                while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
                if i == e { throw error("expected digits in the exponent") }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if !isFloat, let n = Int(text) { return .int(n) }
            guard let d = Double(text) else { throw error("unreadable number '\(text)'") }
            return .double(d)
        }
    }
}
