import SwoopConfig

/// A parent population with each member's rank and crowding distance, for NSGA-II's tournaments.
struct RankedPopulation {
    let numbers: [Int]
    let points: [[Double]]
    let rank: [Int]
    let crowding: [Double]

    init(numbers: [Int], usable: NSGAIISampler.Usable, goals: [Goal]) {
        self.numbers = numbers
        points = numbers.map { usable[$0]!.point }
        let objectives = numbers.map { usable[$0]!.objectives }
        var rank = [Int](repeating: 0, count: numbers.count)
        var crowding = [Double](repeating: 0, count: numbers.count)
        for (r, front) in NonDominatedSorting.fronts(objectives, goals: goals).enumerated() {
            let distance = NonDominatedSorting.crowdingDistances(front.map { objectives[$0] })
            for (k, i) in front.enumerated() {
                rank[i] = r
                crowding[i] = distance[k]
            }
        }
        self.rank = rank
        self.crowding = crowding
    }

    /// Binary tournament with Deb's crowded comparison: lower rank wins, then larger crowding
    /// distance, then the first drawn.
    func tournament(rng: inout SeededRandom) -> Int {
        let n = numbers.count
        let a = min(Int(rng.uniform() * Double(n)), n - 1)
        var b = min(Int(rng.uniform() * Double(n - 1)), n - 2)
        if b >= a { b += 1 }
        if rank[a] != rank[b] { return rank[a] < rank[b] ? a : b }
        return crowding[b] > crowding[a] ? b : a
    }
}
