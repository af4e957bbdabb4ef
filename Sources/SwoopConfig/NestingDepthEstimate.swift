/// An upper estimate of a YAML text's nesting depth, computed without parsing.
///
/// Yams builds its node tree recursively, so a document nested thousands of levels deep would
/// overflow the stack before any error could be reported. Scanning the raw text first lets such
/// input be rejected cheaply. The estimate counts open flow brackets outside quotes and comments,
/// plus the chain of ever-deeper indentation and the block indicators (`- `, `? `, `: `) on a line;
/// it may overshoot on odd but valid text. Text that hides its depth from the estimate (a quote
/// inside a block scalar) is still bounded by libyaml's own limit of 1000 levels, which Yams'
/// recursion survives; the estimate gives the clear message and spares the work.
enum NestingDepthEstimate {
    static func estimate(_ bytes: [UInt8]) -> Int {
        var maxDepth = 0
        var flow = 0
        var indents: [Int] = []
        var i = 0
        let n = bytes.count
        var quote: UInt8? = nil
        var lineStart = true
        var indent = 0
        var indicators = 0
        var prev: UInt8 = 0x0A

        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        func isBreak(_ c: UInt8) -> Bool { c == 0x0A || c == 0x0D }

        while i < n {
            let c = bytes[i]
            if let q = quote {
                if q == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") { i += 2; continue }
                if c == q { quote = nil }
                i += 1
                prev = c
                continue
            }
            if lineStart {
                // Measure this line's indentation; blank and comment-only lines do not count.
                var j = i
                while j < n, bytes[j] == 0x20 { j += 1 }
                if j >= n { break }
                if isBreak(bytes[j]) || bytes[j] == UInt8(ascii: "#") {
                    while j < n, !isBreak(bytes[j]) { j += 1 }
                    i = j + 1
                    continue
                }
                indent = j - i
                if flow == 0 {
                    while let last = indents.last, last >= indent { indents.removeLast() }
                    indents.append(indent)
                }
                indicators = 0
                lineStart = false
                i = j
                prev = 0x20
                continue
            }
            if isBreak(c) {
                lineStart = true
                i += 1
                prev = c
                continue
            }
            let atTokenStart = isSpace(prev) || isBreak(prev) || prev == UInt8(ascii: "[")
                || prev == UInt8(ascii: "{") || prev == UInt8(ascii: ",") || prev == UInt8(ascii: ":")
            switch c {
            case UInt8(ascii: "#") where isSpace(prev):
                while i < n, !isBreak(bytes[i]) { i += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if atTokenStart { quote = c }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flow += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if flow > 0 { flow -= 1 }
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                let next = i + 1 < n ? bytes[i + 1] : 0x0A
                if isSpace(next) || isBreak(next) { indicators += 1 }
            default:
                break
            }
            maxDepth = max(maxDepth, indents.count + indicators + flow)
            prev = c
            i += 1
        }
        return max(maxDepth, indents.count + indicators + flow)
    }
}
