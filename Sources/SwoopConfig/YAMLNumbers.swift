import SwoopModel

/// YAML 1.1 number forms (`0x1F`, `0o17`, `017`, `1_000`, `1:30`, `.inf`), converted without traps.
enum YAMLNumbers {
    /// An `.int`, or a `.double` when the integer does not fit in 64 bits; nil if unreadable.
    static func integer(_ raw: String) -> JSONValue? {
        let text = raw.replacingAll("_", with: "")
        var body = Substring(text)
        var negative = false
        if body.hasPrefix("-") { negative = true; body = body.dropFirst() } else if body.hasPrefix("+") { body = body.dropFirst() }
        if body.isEmpty { return nil }
        if body.contains(":") { return sexagesimal(body, negative: negative) }
        var radix = 10
        for (prefix, r) in [("0x", 16), ("0b", 2), ("0o", 8)] where body.hasPrefix(prefix) {
            radix = r
            body = body.dropFirst(2)
            break
        }
        if radix == 10, body.count > 1, body.hasPrefix("0") {
            radix = 8
            body = body.dropFirst()
        }
        // Only digits from here on: a second sign (`!!int "--5"`) could make `-v` overflow.
        guard !body.isEmpty, body.allSatisfy({ $0.hexDigitValue.map { $0 < radix } ?? false }) else { return nil }
        if let v = Int(body, radix: radix) {
            return .int(negative ? -v : v)
        }
        if negative, radix == 10, "-" + body == String(Int.min) { return .int(Int.min) }
        if radix == 10, let d = Double(body) { return .double(negative ? -d : d) }
        var d = 0.0
        for ch in body {
            guard let digit = ch.hexDigitValue, digit < radix else { return nil }
            d = d * Double(radix) + Double(digit)
        }
        return .double(negative ? -d : d)
    }

    static func sexagesimal(_ body: Substring, negative: Bool) -> JSONValue? {
        var value = 0
        for part in body.split(separator: ":", omittingEmptySubsequences: false) {
            guard part.allSatisfy(\.isASCIIDigit), let digit = Int(part) else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 60)
            let (s, o2) = m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = s
        }
        return .int(negative ? -value : value)
    }

    static func float(_ raw: String) -> Double? {
        let text = raw.replacingAll("_", with: "")
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: break
        }
        if text.contains(":") {
            var body = Substring(text)
            var negative = false
            if body.hasPrefix("-") { negative = true; body = body.dropFirst() } else if body.hasPrefix("+") { body = body.dropFirst() }
            var value = 0.0
            for part in body.split(separator: ":", omittingEmptySubsequences: false) {
                guard let d = Double(part) else { return nil }
                value = value * 60 + d
            }
            return negative ? -value : value
        }
        return Double(text)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
