import SwoopSearch

/// A seeded random forest of regression trees over binned features, kept only for what its splits say:
/// each feature's total decrease of squared error (mean decrease impurity).
struct RegressionForest: Sendable {
    var trees: Int
    var maxDepth: Int
    var minLeaf: Int
    var seed: UInt64

    /// Per feature, the share of the squared-error decrease its splits achieved, averaged over trees
    /// (each tree's shares sum to one, or are all zero when the tree found no split).
    func importances(features: [BinnedFeature], target: [Double]) -> [Double] {
        let n = target.count
        var total = [Double](repeating: 0, count: features.count)
        guard n >= 2 * minLeaf, !features.isEmpty else { return total }
        var grower = TreeGrower(features: features, target: target, maxDepth: maxDepth, minLeaf: minLeaf)
        for t in 0..<trees {
            var rng = SeededRandom(seed: seed, stream: UInt64(t))
            let sample = (0..<n).map { _ in Int32(truncatingIfNeeded: rng.next() % UInt64(n)) }
            let gains = grower.grow(sample)
            let sum = gains.reduce(0, +)
            if sum > 0 { for f in gains.indices { total[f] += gains[f] / sum } }
        }
        return total.map { $0 / Double(trees) }
    }
}
