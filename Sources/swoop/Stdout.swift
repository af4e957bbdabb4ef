import Foundation

/// Writes a line to standard output unbuffered, so a parent process reading it (tests, scripts) sees it at once.
enum Stdout {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
