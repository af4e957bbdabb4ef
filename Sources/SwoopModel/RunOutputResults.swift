/// The answer to an agent's batched output send: one result per run, in the order sent.
public struct RunOutputResults: Sendable, Codable, Hashable {
    public var runs: [RunOutputResult]
    public init(runs: [RunOutputResult]) { self.runs = runs }
}
