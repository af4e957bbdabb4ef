import SwoopSearch

/// Which hyperparameters drive the metric: a seeded random forest's mean decrease in impurity (the idea
/// behind Optuna's `MeanDecreaseImpurityImportanceEvaluator`), on binned features so 10,000 runs take
/// milliseconds. Deterministic for a given seed and input order.
public enum ParameterImportance {
    /// One parameter's share of the explained variation; shares sum to one (or are all zero).
    public struct Score: Sendable, Hashable {
        public var name: String
        public var importance: Double

        public init(name: String, importance: Double) {
            self.name = name
            self.importance = importance
        }
    }

    /// Importances of `features` for `target` (one value per row; rows with a non-finite target are
    /// dropped), most important first. With `rankTarget` the forest fits the target's ranks, so a few
    /// diverged runs (loss 1e9) do not decide everything. Fewer than `minimumRows` usable rows give [].
    public static func compute(features: [ImportanceFeature], target: [Double], seed: UInt64 = 0, trees: Int = 32,
                               maxDepth: Int = 6, minLeaf: Int = 3, maxRows: Int = 4000, rankTarget: Bool = true,
                               minimumRows: Int = 8) -> [Score] {
        var rows = target.indices.filter { target[$0].isFinite }
        guard rows.count >= minimumRows, !features.isEmpty else { return [] }
        if rows.count > maxRows {
            var rng = SeededRandom(seed: seed, stream: 1_000_003)
            rows.shuffle(using: &rng)
            rows = Array(rows.prefix(maxRows)).sorted()
        }
        let y = rankTarget ? ranks(rows.map { target[$0] }) : rows.map { target[$0] }
        let binned = features.map { BinnedFeature($0, rows: rows) }
        let forest = RegressionForest(trees: trees, maxDepth: maxDepth, minLeaf: minLeaf, seed: seed)
        let raw = forest.importances(features: binned, target: y)
        let sum = raw.reduce(0, +)
        let scores = features.indices.map { Score(name: features[$0].name, importance: sum > 0 ? raw[$0] / sum : 0) }
        return scores.enumerated().sorted {
            $0.element.importance > $1.element.importance || ($0.element.importance == $1.element.importance && $0.offset < $1.offset)
        }.map(\.element)
    }

    /// Average ranks (ties share their mean rank), scaled to 0...1.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var out = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let r = Double(i + j) / 2
            for k in i...j { out[order[k]] = r }
            i = j + 1
        }
        let scale = Double(max(1, values.count - 1))
        return out.map { $0 / scale }
    }
}
