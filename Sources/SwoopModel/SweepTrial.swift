/// One trial a scheduler keeps as its own row (keyed by sweep and number), so that a save after every
/// decision writes what changed instead of one document holding every trial.
public struct SweepTrial: Sendable, Codable, Hashable {
    /// The scheduler's key for the row (Swoop's built-in scheduler: the trial's place in its book).
    public var number: Int
    /// Whatever the scheduler keeps for the trial.
    public var data: JSONValue

    public init(number: Int, data: JSONValue) {
        self.number = number; self.data = data
    }
}
