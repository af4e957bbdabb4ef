import Foundation

/// Progress lines on standard error (standard output is left for results).
enum Log {
    static func line(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}
