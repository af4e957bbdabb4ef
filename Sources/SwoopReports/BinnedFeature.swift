/// A feature reduced to at most `maxBins` bins plus one bin for missing values, so tree splits are found
/// from per-bin sums in O(rows) per node instead of sorting.
struct BinnedFeature: Sendable {
    static let maxBins = 32

    let isCategorical: Bool
    /// Bins holding values; bin `valueBins` holds the missing ones.
    let valueBins: Int
    let bins: [Int]

    var binCount: Int { valueBins + 1 }

    init(_ feature: ImportanceFeature, rows: [Int]) {
        let values = rows.map { feature.values[$0] }
        switch feature.kind {
        case .categorical:
            isCategorical = true
            let top = values.compactMap { $0.map { Int($0) } }.max() ?? 0
            valueBins = min(Self.maxBins, max(1, top + 1))
            let last = valueBins - 1
            bins = values.map { v in
                guard let v, v.isFinite, v >= 0 else { return last + 1 }
                return min(last, Int(v))
            }
        case .numeric:
            isCategorical = false
            let finite = values.compactMap { $0 }.filter(\.isFinite).sorted()
            var distinct: [Double] = []
            for v in finite where distinct.last != v { distinct.append(v) }
            // Upper edges: every distinct value when few, else quantiles of the observed values.
            let edges: [Double]
            if distinct.count <= Self.maxBins {
                edges = distinct
            } else {
                var e: [Double] = []
                for k in 1...Self.maxBins {
                    let q = finite[max(0, min(finite.count - 1, k * finite.count / Self.maxBins - 1))]
                    if e.last != q { e.append(q) }
                }
                edges = e
            }
            valueBins = max(1, edges.count)
            bins = values.map { v in
                guard let v, v.isFinite else { return max(1, edges.count) }
                var lo = 0, hi = edges.count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if edges[mid] < v { lo = mid + 1 } else { hi = mid }
                }
                return lo
            }
        }
    }
}
