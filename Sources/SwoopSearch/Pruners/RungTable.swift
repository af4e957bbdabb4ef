import SwoopConfig

/// The values trials recorded at each successive-halving rung, sorted, so a trial's standing at a
/// rung is two binary searches instead of a sort of every competitor.
struct RungTable {
    let goal: Goal
    /// Per rung, ascending.
    private var rungs: [[Double]] = []

    /// `lists[t][k]` is trial t's value at rung k; NaN is never recorded, so none is expected here.
    init(_ lists: [[Double]], goal: Goal) {
        self.goal = goal
        for list in lists {
            for (k, v) in list.enumerated() {
                if rungs.count <= k { rungs.append([]) }
                rungs[k].append(v)
            }
        }
        rungs = rungs.map { $0.sorted() }
    }

    /// How many values the rung holds and how many are strictly better than `value`, leaving out
    /// `own` (the judged trial's own entry, when the table holds it).
    func standing(of value: Double, rung: Int, own: Double?) -> (count: Int, better: Int) {
        guard rung < rungs.count else { return (0, 0) }
        let values = rungs[rung]
        var count = values.count
        var better = goal == .minimize ? firstIndex(in: values) { $0 >= value }
                                       : values.count - firstIndex(in: values) { $0 > value }
        if let own {
            count -= 1
            if goal == .minimize ? own < value : own > value { better -= 1 }
        }
        return (count, better)
    }

    private func firstIndex(in values: [Double], where predicate: (Double) -> Bool) -> Int {
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(values[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
