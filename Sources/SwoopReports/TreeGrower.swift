/// Grows one regression tree on a bootstrap sample and sums, per feature, the decrease of squared error
/// of the splits on it. Nodes are ranges of one row array partitioned in place, and the per-bin
/// histograms are reused, so a tree allocates almost nothing (the forest runs on every page view).
struct TreeGrower {
    let features: [BinnedFeature]
    let target: [Double]
    let maxDepth: Int
    let minLeaf: Int
    /// `bins[f * rowCount + row]`: every feature's bins in one flat array.
    private let bins: [Int32]
    private let rowCount: Int
    private let maxBins: Int
    private var count: [Int]
    private var sum: [Double]

    init(features: [BinnedFeature], target: [Double], maxDepth: Int, minLeaf: Int) {
        self.features = features
        self.target = target
        self.maxDepth = maxDepth
        self.minLeaf = minLeaf
        rowCount = target.count
        bins = features.flatMap { $0.bins.map { Int32($0) } }
        maxBins = features.map(\.binCount).max() ?? 1
        count = [Int](repeating: 0, count: maxBins)
        sum = [Double](repeating: 0, count: maxBins)
    }

    private struct Split {
        var feature: Int
        var gain: Double
        var left: [Bool]
    }

    mutating func grow(_ sample: [Int32]) -> [Double] {
        var rows = sample
        var gains = [Double](repeating: 0, count: features.count)
        var stack: [(Int, Int, Int)] = [(0, rows.count, 0)]
        while let (lo, hi, depth) = stack.popLast() {
            guard depth < maxDepth, hi - lo >= 2 * minLeaf, let split = bestSplit(rows, lo, hi) else { continue }
            gains[split.feature] += split.gain
            // Partition rows[lo..<hi] so the left side comes first.
            let base = split.feature * rowCount
            var i = lo, j = hi - 1
            while i <= j {
                if split.left[Int(bins[base + Int(rows[i])])] {
                    i += 1
                } else {
                    rows.swapAt(i, j)
                    j -= 1
                }
            }
            stack.append((lo, i, depth + 1))
            stack.append((i, hi, depth + 1))
        }
        return gains
    }

    /// The split with the largest decrease of squared error, `sL²/nL + sR²/nR - S²/N`; categorical bins
    /// are ordered by their mean first, which finds the best two-way grouping for squared error (Breiman).
    private mutating func bestSplit(_ rows: [Int32], _ lo: Int, _ hi: Int) -> Split? {
        var total = 0.0
        for k in lo..<hi { total += target[Int(rows[k])] }
        let n = hi - lo
        let base = total * total / Double(n)
        var best: Split?
        var bestGain = 1e-12 * max(1, base.magnitude)
        for (f, feature) in features.enumerated() {
            let binCount = feature.binCount
            for b in 0..<binCount { count[b] = 0; sum[b] = 0 }
            let offset = f * rowCount
            for k in lo..<hi {
                let r = Int(rows[k])
                let b = Int(bins[offset + r])
                count[b] += 1
                sum[b] += target[r]
            }
            var order = (0..<binCount).filter { count[$0] > 0 }
            if order.count < 2 { continue }
            if feature.isCategorical {
                let means = (0..<binCount).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : 0 }
                order.sort { means[$0] != means[$1] ? means[$0] < means[$1] : $0 < $1 }
            }
            var nl = 0, sl = 0.0, bestK = -1
            for k in 0..<(order.count - 1) {
                nl += count[order[k]]
                sl += sum[order[k]]
                let nr = n - nl
                guard nl >= minLeaf, nr >= minLeaf else { continue }
                let sr = total - sl
                let gain = sl * sl / Double(nl) + sr * sr / Double(nr) - base
                if gain > bestGain {
                    bestGain = gain
                    bestK = k
                }
            }
            if bestK >= 0 {
                var left = [Bool](repeating: false, count: binCount)
                for b in order[...bestK] { left[b] = true }
                best = Split(feature: f, gain: bestGain, left: left)
            }
        }
        return best
    }
}
