import Foundation

/// Writes diagnostics to standard error, unbuffered, so they interleave sensibly with answers.
enum Stderr {
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
