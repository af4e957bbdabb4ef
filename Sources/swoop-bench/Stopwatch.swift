/// Times one awaited call.
enum Stopwatch {
    /// The result of `body` and the milliseconds it took.
    static func time<T: Sendable>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try await body()
        return (value, (ContinuousClock.now - start).milliseconds)
    }
}
