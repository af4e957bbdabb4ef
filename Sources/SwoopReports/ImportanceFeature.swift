/// One hyperparameter's values across runs, as the importance estimate takes them.
public struct ImportanceFeature: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Ordered values (any monotone scale gives the same answer: splits only compare).
        case numeric
        /// Unordered values given as category indices (0, 1, 2, ...).
        case categorical
    }

    public var name: String
    public var kind: Kind
    /// One value per row (run), nil where the run lacks the parameter.
    public var values: [Double?]

    public init(name: String, kind: Kind, values: [Double?]) {
        self.name = name
        self.kind = kind
        self.values = values
    }
}
