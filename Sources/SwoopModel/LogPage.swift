/// Log chunks from a requested offset; `nextOffset` is where the following read starts.
public struct LogPage: Sendable, Codable, Hashable {
    public var chunks: [LogChunk]
    public var nextOffset: Int64

    public init(chunks: [LogChunk], nextOffset: Int64) {
        self.chunks = chunks; self.nextOffset = nextOffset
    }
}
