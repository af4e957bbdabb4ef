/// A piece of a run's log at a byte offset (UTF-8) in the whole log.
public struct LogChunk: Sendable, Codable, Hashable {
    public var offset: Int64
    public var text: String

    public init(offset: Int64, text: String) {
        self.offset = offset; self.text = text
    }

    public var endOffset: Int64 { offset + Int64(text.utf8.count) }
}
