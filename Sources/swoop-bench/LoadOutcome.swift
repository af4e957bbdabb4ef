/// What one operation of a load phase did: units of work (points, round trips) and the timings of its steps.
struct LoadOutcome: Sendable {
    var units: Int
    /// Milliseconds per step, in the order of the phase's step names.
    var stepMillis: [Double] = []

    /// Tells the worker to stop: there is nothing left to do (the queue is empty).
    static let exhausted = LoadOutcome(units: -1)
}
