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
        for t in 0..<trees {
            var rng = SeededRandom(seed: seed, stream: UInt64(t))
            let sample = (0..<n).map { _ in Int(rng.next() % UInt64(n)) }
            var gains = [Double](repeating: 0, count: features.count)
            grow(rows: sample, features: features, target: target, gains: &gains)
            let sum = gains.reduce(0, +)
            if sum > 0 { for f in gains.indices { total[f] += gains[f] / sum } }
        }
        return total.map { $0 / Double(trees) }
    }

    private struct Split {
        var feature: Int
        var gain: Double
        var left: [Bool]
    }

    private func grow(rows: [Int], features: [BinnedFeature], target: [Double], gains: inout [Double]) {
        var stack: [([Int], Int)] = [(rows, 0)]
        while let (node, depth) = stack.popLast() {
            guard depth < maxDepth, node.count >= 2 * minLeaf,
                  let split = bestSplit(node, features: features, target: target) else { continue }
            gains[split.feature] += split.gain
            let bins = features[split.feature].bins
            var left: [Int] = [], right: [Int] = []
            for r in node { if split.left[bins[r]] { left.append(r) } else { right.append(r) } }
            stack.append((left, depth + 1))
            stack.append((right, depth + 1))
        }
    }

    /// The split with the largest decrease of squared error, `sL²/nL + sR²/nR - S²/N`; categorical bins
    /// are ordered by their mean first, which finds the best two-way grouping for squared error (Breiman).
    private func bestSplit(_ node: [Int], features: [BinnedFeature], target: [Double]) -> Split? {
        var total = 0.0
        for r in node { total += target[r] }
        let n = Double(node.count)
        let base = total * total / n
        var best: Split?
        for (f, feature) in features.enumerated() {
            var count = [Int](repeating: 0, count: feature.binCount)
            var sum = [Double](repeating: 0, count: feature.binCount)
            for r in node {
                let b = feature.bins[r]
                count[b] += 1
                sum[b] += target[r]
            }
            var order = (0..<feature.binCount).filter { count[$0] > 0 }
            if order.count < 2 { continue }
            if feature.isCategorical {
                order.sort { sum[$0] / Double(count[$0]) < sum[$1] / Double(count[$1]) || (sum[$0] / Double(count[$0]) == sum[$1] / Double(count[$1]) && $0 < $1) }
            }
            var nl = 0, sl = 0.0
            for k in 0..<(order.count - 1) {
                nl += count[order[k]]
                sl += sum[order[k]]
                let nr = node.count - nl
                guard nl >= minLeaf, nr >= minLeaf else { continue }
                let sr = total - sl
                let gain = sl * sl / Double(nl) + sr * sr / Double(nr) - base
                if gain > (best?.gain ?? 1e-12 * max(1, base.magnitude)) {
                    var left = [Bool](repeating: false, count: feature.binCount)
                    for b in order[...k] { left[b] = true }
                    best = Split(feature: f, gain: gain, left: left)
                }
            }
        }
        return best
    }
}
