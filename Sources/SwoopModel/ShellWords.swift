import Foundation

/// Splits a command line into arguments the way Python's `shlex.split` does (POSIX mode, no
/// comments), so `--entry-point "python train.py --lr 0.1"` means what W&B's `-E` means.
public enum ShellWords {
    /// Why a command line could not be split; the message quotes the text.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static func split(_ text: String) throws(ParseError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            if let q = quote {
                if c == q {
                    quote = nil
                } else if q == "\"", c == "\\" {
                    guard let next = iterator.next() else { break }
                    // Inside double quotes a backslash escapes only `\` and `"`, as in shlex.
                    if next != "\\", next != "\"" { current.append("\\") }
                    current.append(next)
                } else {
                    current.append(c)
                }
                continue
            }
            switch c {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'", "\"":
                quote = c
                inWord = true
            case "\\":
                guard let next = iterator.next() else {
                    throw ParseError(description: "command `\(text)` ends with a lone backslash")
                }
                current.append(next)
                inWord = true
            default:
                current.append(c)
                inWord = true
            }
        }
        if let quote {
            throw ParseError(description: "command `\(text)` has no closing \(quote) quotation mark")
        }
        if inWord { words.append(current) }
        return words
    }

    /// The words as one command line that `split` reads back, quoting only where needed (`shlex.join`).
    public static func join(_ words: [String]) -> String {
        words.map { word in
            let plain = !word.isEmpty && word.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || "@%+=:,./-_".contains($0) }
            return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
        }.joined(separator: " ")
    }
}
