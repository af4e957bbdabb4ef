/// The size of a run's log after an append: the offset the next chunk must start at.
public struct LogAppendResult: Sendable, Codable, Hashable {
    public var size: Int64
    public init(size: Int64) { self.size = size }
}
