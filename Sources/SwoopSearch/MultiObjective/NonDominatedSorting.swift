import SwoopConfig

/// Pareto dominance, non-dominated sorting (Deb's fast sort) and crowding distance over objective
/// vectors, each objective's direction given by its goal.
public enum NonDominatedSorting {
    /// True when `a` is at least as good as `b` in every objective and strictly better in one.
    /// Equal vectors do not dominate each other, so duplicates share a front.
    public static func dominates(_ a: [Double], _ b: [Double], goals: [Goal]) -> Bool {
        var strictly = false
        for i in goals.indices {
            let (x, y) = goals[i] == .minimize ? (a[i], b[i]) : (b[i], a[i])
            if x > y { return false }
            if x < y { strictly = true }
        }
        return strictly
    }

    /// The fronts, best first, as indices into `points`, each front in ascending index order.
    ///
    /// Every point must have one finite value per goal; the caller filters failed trials first.
    public static func fronts(_ points: [[Double]], goals: [Goal]) -> [[Int]] {
        let n = points.count
        var dominatedBy = [Int](repeating: 0, count: n)
        var dominating = [[Int]](repeating: [], count: n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                if dominates(points[i], points[j], goals: goals) {
                    dominating[i].append(j)
                    dominatedBy[j] += 1
                } else if dominates(points[j], points[i], goals: goals) {
                    dominating[j].append(i)
                    dominatedBy[i] += 1
                }
            }
        }
        var fronts: [[Int]] = []
        var current = (0..<n).filter { dominatedBy[$0] == 0 }
        while !current.isEmpty {
            fronts.append(current)
            var next: [Int] = []
            for i in current {
                for j in dominating[i] {
                    dominatedBy[j] -= 1
                    if dominatedBy[j] == 0 { next.append(j) }
                }
            }
            current = next.sorted()
        }
        return fronts
    }

    /// Indices of the non-dominated points in ascending order: the first front, found by keeping
    /// an archive of the undominated so far, O(n · front size) instead of the full sort's O(n²).
    public static func firstFront(_ points: [[Double]], goals: [Goal]) -> [Int] {
        var archive: [Int] = []
        for i in points.indices {
            if archive.contains(where: { dominates(points[$0], points[i], goals: goals) }) { continue }
            archive.removeAll { dominates(points[i], points[$0], goals: goals) }
            archive.append(i)
        }
        return archive
    }

    /// The rank (0 = non-dominated) of every point.
    public static func ranks(_ points: [[Double]], goals: [Goal]) -> [Int] {
        var rank = [Int](repeating: 0, count: points.count)
        for (r, front) in fronts(points, goals: goals).enumerated() {
            for i in front { rank[i] = r }
        }
        return rank
    }

    /// Crowding distance of each point in `points` (one front), in the same order.
    ///
    /// Computed over the distinct vectors so that duplicates get the same distance whatever their
    /// order (the textbook sort hands one copy the boundary's infinity and the other a finite
    /// value). With at most two distinct vectors every point is a boundary: infinity. Per objective,
    /// the extreme vectors get infinity and the others the normalized gap between their
    /// neighbours; an objective with no spread adds nothing (as in Optuna). Neighbours that tie in
    /// an objective are ordered by first occurrence.
    public static func crowdingDistances(_ points: [[Double]]) -> [Double] {
        guard let m = points.first?.count else { return [] }
        var distinct: [[Double]] = []
        var slot: [Int] = []
        for p in points {
            if let k = distinct.firstIndex(of: p) {
                slot.append(k)
            } else {
                slot.append(distinct.count)
                distinct.append(p)
            }
        }
        var distance = [Double](repeating: 0, count: distinct.count)
        if distinct.count <= 2 {
            return points.map { _ in .infinity }
        }
        for objective in 0..<m {
            let order = distinct.indices.sorted {
                let (a, b) = (distinct[$0][objective], distinct[$1][objective])
                return a != b ? a < b : $0 < $1
            }
            let low = distinct[order.first!][objective], high = distinct[order.last!][objective]
            let width = high - low
            guard width > 0 else { continue }
            distance[order.first!] = .infinity
            distance[order.last!] = .infinity
            for k in 1..<(order.count - 1) {
                let gap = distinct[order[k + 1]][objective] - distinct[order[k - 1]][objective]
                distance[order[k]] += gap / width
            }
        }
        return slot.map { distance[$0] }
    }
}
