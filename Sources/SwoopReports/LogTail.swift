/// The end of a log as the pages show it: the last lines, terminal colour codes removed, escaped.
public enum LogTail {
    /// The last `maxLines` lines of `text` (and at most `maxBytes` of it), without ANSI escape sequences.
    public static func tail(_ text: String, maxLines: Int = 200, maxBytes: Int = 64 * 1024) -> String {
        var utf8 = Substring(text).utf8
        if utf8.count > maxBytes {
            var start = utf8.index(utf8.endIndex, offsetBy: -maxBytes)
            // Step forward to a character boundary so a multi-byte character is not cut.
            while start < utf8.endIndex, (utf8[start] & 0xC0) == 0x80 { start = utf8.index(after: start) }
            utf8 = utf8[start...]
        }
        let lines = Substring(utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var kept = lines.suffix(maxLines + (lines.last?.isEmpty == true ? 1 : 0))
        if kept.last?.isEmpty == true { kept = kept.dropLast() }
        return kept.map { stripANSI(String($0)) }.joined(separator: "\n")
    }

    /// Removes CSI (`ESC [ ... letter`) and OSC (`ESC ] ... BEL`) sequences and lone escapes, and turns
    /// carriage-return progress bars into their last state.
    public static func stripANSI(_ line: String) -> String {
        var line = line
        if let cr = line.lastIndex(of: "\r"), line.index(after: cr) != line.endIndex {
            line = String(line[line.index(after: cr)...])
        } else if line.hasSuffix("\r") {
            line.removeLast()
        }
        guard line.unicodeScalars.contains("\u{1B}") else { return line }
        var out = String.UnicodeScalarView()
        var it = line.unicodeScalars.makeIterator()
        while let c = it.next() {
            guard c == "\u{1B}" else { out.append(c); continue }
            guard let kind = it.next() else { break }
            if kind == "[" {
                while let d = it.next(), !(0x40...0x7E).contains(d.value) {}
            } else if kind == "]" {
                while let d = it.next(), d != "\u{07}", d != "\u{1B}" {}
            }
        }
        return String(out)
    }

    /// A `<pre>` block with the tail, escaped, or a placeholder when there is no log yet.
    public static func html(_ text: String, maxLines: Int = 200, cssClass: String = "swoop-log") -> String {
        let tail = tail(text, maxLines: maxLines)
        if tail.isEmpty { return "<pre class=\"\(Escape.xml(cssClass)) swoop-empty\">(no log yet)</pre>" }
        return "<pre class=\"\(Escape.xml(cssClass))\">\(Escape.xml(tail))</pre>"
    }
}
