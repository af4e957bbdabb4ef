import SwoopConfig

/// Reductions that keep a 10,000-run page small: LTTB and min/max bucketing for curves, best-so-far
/// aggregation, and top-K plus stratified sampling for per-run marks (scatter dots, parallel lines).
public enum Downsampling {
    /// Largest-triangle-three-buckets (Steinarsson 2013): at most `threshold` points, first and last kept,
    /// the shape of the curve preserved. Input sorted by x; non-finite points are dropped first.
    public static func lttb(_ points: [ChartPoint], threshold: Int) -> [ChartPoint] {
        let data = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard threshold >= 3, data.count > threshold else { return threshold < 3 ? Array(data.prefix(max(0, threshold))) : data }
        var out: [ChartPoint] = [data[0]]
        out.reserveCapacity(threshold)
        let every = Double(data.count - 2) / Double(threshold - 2)
        var a = 0
        for i in 0..<(threshold - 2) {
            let start = Int(Double(i) * every) + 1
            let end = min(Int(Double(i + 1) * every) + 1, data.count - 1)
            let nextStart = end
            let nextEnd = min(Int(Double(i + 2) * every) + 1, data.count)
            var ax = 0.0, ay = 0.0
            for p in data[nextStart..<max(nextStart + 1, nextEnd)] { ax += p.x; ay += p.y }
            let m = Double(max(1, nextEnd - nextStart))
            ax /= m
            ay /= m
            var bestArea = -1.0, bestIndex = start
            let pa = data[a]
            for j in start..<max(start + 1, end) {
                let area = abs((pa.x - ax) * (data[j].y - pa.y) - (pa.x - data[j].x) * (ay - pa.y))
                if area > bestArea { bestArea = area; bestIndex = j }
            }
            out.append(data[bestIndex])
            a = bestIndex
        }
        out.append(data[data.count - 1])
        return out
    }

    /// Splits the x range into `buckets` equal slices and keeps each slice's lowest and highest point (in
    /// x order): at most `2 * buckets` points, every spike kept. Input sorted by x.
    public static func minMax(_ points: [ChartPoint], buckets: Int) -> [ChartPoint] {
        let data = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard buckets >= 1, data.count > 2 * buckets else { return data }
        let lo = data.first!.x, hi = data.last!.x
        let width = (hi - lo) / Double(buckets)
        var out: [ChartPoint] = []
        var i = 0
        for b in 0..<buckets {
            let limit = b == buckets - 1 ? Double.infinity : lo + width * Double(b + 1)
            var minP: ChartPoint?, maxP: ChartPoint?
            var minI = 0, maxI = 0
            while i < data.count, data[i].x < limit || (width == 0 && b == buckets - 1) {
                let p = data[i]
                if minP == nil || p.y < minP!.y { minP = p; minI = i }
                if maxP == nil || p.y > maxP!.y { maxP = p; maxI = i }
                i += 1
            }
            guard let mn = minP, let mx = maxP else { continue }
            if minI == maxI { out.append(mn) } else if minI < maxI { out.append(mn); out.append(mx) } else { out.append(mx); out.append(mn) }
        }
        return out
    }

    /// The running best of `values` (in order; non-finite ones skipped) as points `(index + 1, best)`,
    /// one per improvement plus the last index so the curve reaches the end; at most `maxPoints`
    /// (thinned evenly, first and last improvement kept).
    public static func bestSoFar(_ values: [Double], goal: Goal, maxPoints: Int = 200) -> [ChartPoint] {
        var out: [ChartPoint] = []
        var best: Double?
        for (i, v) in values.enumerated() where v.isFinite {
            if best == nil || (goal == .minimize ? v < best! : v > best!) {
                best = v
                out.append(ChartPoint(x: Double(i + 1), y: v))
            }
        }
        if let best, let last = out.last, last.x < Double(values.count) {
            out.append(ChartPoint(x: Double(values.count), y: best))
        }
        guard out.count > maxPoints, maxPoints >= 2 else { return out }
        let step = Double(out.count - 1) / Double(maxPoints - 1)
        return (0..<maxPoints).map { out[Int((Double($0) * step).rounded())] }
    }

    /// Which of `metrics` (one per run, nil or non-finite when the run has none) to draw when at most `limit`
    /// fit: the `topK` best by `goal`, then an evenly spaced sample of the rest by rank so the spread of
    /// good and bad runs stays visible. Runs without a value come last. Returns indices in input order.
    public static func topKPlusStratified(_ metrics: [Double?], goal: Goal, topK: Int, limit: Int) -> [Int] {
        guard metrics.count > limit else { return Array(metrics.indices) }
        // Missing values rank last; the better direction first; ties keep input order.
        let sign: Double = goal == .minimize ? 1 : -1
        let keys = metrics.map { m -> Double in
            guard let m, m.isFinite else { return .infinity }
            return sign * m
        }
        let ranked = metrics.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        let head = min(topK, limit)
        var keep = Array(ranked.prefix(head))
        let rest = ranked.dropFirst(head)
        let room = limit - head
        if room > 0, !rest.isEmpty {
            let step = Double(rest.count) / Double(room)
            let base = rest.startIndex
            for k in 0..<room { keep.append(rest[base + min(rest.count - 1, Int(Double(k) * step))]) }
        }
        return keep.sorted()
    }
}
