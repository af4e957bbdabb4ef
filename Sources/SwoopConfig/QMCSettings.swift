/// `QMCSampler` arguments: the low-discrepancy sequence and whether it is scrambled.
public struct QMCSettings: Sendable, Hashable {
    /// The sequences `qmc_type` may name.
    public enum Sequence: String, Sendable, Hashable, CaseIterable {
        case sobol, halton
    }

    public var qmcType: Sequence
    /// Randomize the sequence from the study seed (Optuna's default is false; Swoop's is true,
    /// since an unscrambled Sobol sequence starts at the corner 0 and ignores the seed).
    public var scramble: Bool

    public init(qmcType: Sequence = .sobol, scramble: Bool = true) {
        self.qmcType = qmcType
        self.scramble = scramble
    }
}
