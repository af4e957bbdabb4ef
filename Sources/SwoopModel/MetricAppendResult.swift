/// What an append stored: values already present for their (step, key), or a replayed batch key, are not stored again.
public struct MetricAppendResult: Sendable, Codable, Hashable {
    public var inserted: Int
    public var ignored: Int
    /// True when the batch's idempotency key had been seen: nothing was written.
    public var replayed: Bool

    public init(inserted: Int, ignored: Int, replayed: Bool) {
        self.inserted = inserted; self.ignored = ignored; self.replayed = replayed
    }
}
