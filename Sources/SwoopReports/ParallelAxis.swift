/// One vertical axis of a parallel-coordinates chart: a numeric hyperparameter or a categorical one.
public struct ParallelAxis: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case numeric(AxisScale)
        /// Values are indices into these names, spread evenly along the axis.
        case categorical([String])
    }

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}
