/// A run a scheduler created for its sweep, and the queue item that will launch it.
public struct SweepRunLaunch: Sendable, Codable, Hashable {
    public var run: Run
    public var item: QueueItem
    public init(run: Run, item: QueueItem) {
        self.run = run; self.item = item
    }
}
