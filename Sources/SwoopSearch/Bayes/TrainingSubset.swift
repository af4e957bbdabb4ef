/// Chooses which observations a large model keeps: the best third (where the optimum is refined),
/// the most recent third (where the search is now), and the rest spread out by greedy
/// farthest-point selection (so the model still knows the whole space).
enum TrainingSubset {
    static func select(points: [[Double]], values: [Double], trialNumbers: [Int], limit: Int) -> [Int] {
        let n = points.count
        guard n > limit else { return Array(0..<n) }
        var chosen = [Bool](repeating: false, count: n)
        var result: [Int] = []
        func take(_ i: Int) {
            if !chosen[i] { chosen[i] = true; result.append(i) }
        }
        for i in values.indices.sorted(by: { values[$0] < values[$1] }).prefix(limit / 3) { take(i) }
        for i in trialNumbers.indices.sorted(by: { trialNumbers[$0] > trialNumbers[$1] }) {
            if result.count >= 2 * limit / 3 { break }
            take(i)
        }
        // Squared distance from every point to the nearest chosen one, updated as points join.
        var nearest = [Double](repeating: .infinity, count: n)
        func update(_ c: Int) {
            for i in 0..<n where !chosen[i] {
                var s = 0.0
                for k in points[i].indices { let t = points[i][k] - points[c][k]; s += t * t }
                if s < nearest[i] { nearest[i] = s }
            }
        }
        for c in result { update(c) }
        while result.count < limit {
            var far = -1, farDistance = -1.0
            for i in 0..<n where !chosen[i] && nearest[i] > farDistance { far = i; farDistance = nearest[i] }
            guard far >= 0 else { break }
            take(far)
            update(far)
        }
        return result
    }
}
