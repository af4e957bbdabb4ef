import Foundation

/// Reads the lines a job appends to a file (`tail -f` without a process): whole lines as they complete,
/// the unfinished last line only when told the writer is done.
public struct OutputFileTailer: Sendable {
    public let path: String
    private var offset: UInt64 = 0
    private var partial = Data()

    public init(path: String) { self.path = path }

    /// The lines completed since the last call; with `final`, also a last line without its newline.
    public mutating func read(final: Bool = false) -> [String] {
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            if (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty {
                offset += UInt64(data.count)
                partial.append(data)
            }
        }
        var lines: [String] = []
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            var line = partial[partial.startIndex..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            partial.removeSubrange(partial.startIndex...newline)
        }
        if final, !partial.isEmpty {
            lines.append(String(decoding: partial, as: UTF8.self))
            partial.removeAll()
        }
        return lines
    }
}
