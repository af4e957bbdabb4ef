/// Runs of a sweep changed after a cursor (state, summary or metrics), oldest change first.
public struct SweepRunChanges: Sendable, Codable, Hashable {
    public var runs: [Run]
    /// Pass back as `sinceCursor`; equal to the given cursor when nothing changed.
    public var nextCursor: Int64

    public init(runs: [Run], nextCursor: Int64) {
        self.runs = runs; self.nextCursor = nextCursor
    }
}
