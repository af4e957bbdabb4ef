import Foundation
import SwoopConfig
import SwoopSearch
import Testing
@testable import SwoopReports

@Suite struct DownsamplingTests {
    /// A noisy decaying curve with one spike, seeded.
    static func curve(_ n: Int, seed: UInt64 = 7) -> [ChartPoint] {
        var rng = SeededRandom(seed: seed)
        return (0..<n).map { i in
            let y = exp(-Double(i) / Double(n) * 4) + rng.uniform() * 0.05 + (i == n / 3 ? 5 : 0)
            return ChartPoint(x: Double(i), y: y)
        }
    }

    @Test(arguments: [3, 10, 100, 500])
    func lttbKeepsAtMostThresholdWithEndsAndOrder(threshold: Int) {
        let data = Self.curve(10_000)
        let out = Downsampling.lttb(data, threshold: threshold)
        #expect(out.count == threshold)
        #expect(out.first == data.first)
        #expect(out.last == data.last)
        #expect(zip(out, out.dropFirst()).allSatisfy { $0.x < $1.x })
        #expect(out.allSatisfy { p in data.contains(p) })
    }

    @Test func lttbKeepsTheSpike() {
        let data = Self.curve(10_000)
        let out = Downsampling.lttb(data, threshold: 200)
        #expect(out.contains { $0.y > 5 })
    }

    @Test func lttbLeavesShortInputsAndDropsNonFinitePoints() {
        let short = Self.curve(50)
        #expect(Downsampling.lttb(short, threshold: 100) == short)
        let withNaN = short + [ChartPoint(x: 60, y: .nan)]
        #expect(Downsampling.lttb(withNaN, threshold: 100) == short)
    }

    @Test(arguments: [1, 7, 100])
    func minMaxKeepsAtMostTwoPerBucketAndTheExtremes(buckets: Int) {
        let data = Self.curve(10_000)
        let out = Downsampling.minMax(data, buckets: buckets)
        #expect(out.count <= 2 * buckets)
        #expect(out.contains { $0.y == data.map(\.y).max() })
        #expect(out.contains { $0.y == data.map(\.y).min() })
        #expect(zip(out, out.dropFirst()).allSatisfy { $0.x <= $1.x })
    }

    @Test func bestSoFarIsMonotoneBoundedAndEndsAtTheBest() {
        var rng = SeededRandom(seed: 3)
        let values = (0..<10_000).map { (i: Int) -> Double in
            let v: Double = rng.uniform() * 100 / Double(1 + i / 100)
            return i % 97 == 0 ? .nan : v
        }
        for goal in [Goal.minimize, .maximize] {
            let curve = Downsampling.bestSoFar(values, goal: goal, maxPoints: 50)
            #expect(curve.count <= 50)
            let finite = values.filter(\.isFinite)
            #expect(curve.last?.y == (goal == .minimize ? finite.min() : finite.max()))
            #expect(curve.last?.x == 10_000)
            let ys = curve.map(\.y)
            #expect(zip(ys, ys.dropFirst()).allSatisfy { goal == .minimize ? $1 <= $0 : $1 >= $0 })
        }
        let exact = Downsampling.bestSoFar([3, 4, 2, 2, 1, 5], goal: .minimize)
        #expect(exact == [ChartPoint(x: 1, y: 3), ChartPoint(x: 3, y: 2), ChartPoint(x: 5, y: 1), ChartPoint(x: 6, y: 1)])
        #expect(Downsampling.bestSoFar([.nan, .infinity], goal: .maximize).isEmpty)
    }

    @Test func topKPlusStratifiedKeepsTheBestAndSpansTheRest() {
        var rng = SeededRandom(seed: 11)
        let metrics: [Double?] = (0..<10_000).map { i in i % 10 == 0 ? nil : rng.uniform() }
        let keep = Downsampling.topKPlusStratified(metrics, goal: .minimize, topK: 50, limit: 300)
        #expect(keep.count == 300)
        #expect(Set(keep).count == 300)
        #expect(keep == keep.sorted())
        let best50 = metrics.indices.filter { metrics[$0] != nil }.sorted { metrics[$0]! < metrics[$1]! }.prefix(50)
        #expect(Set(best50).isSubset(of: Set(keep)))
        // The sample reaches into the worst tenth, not just the good end.
        let worst = metrics.compactMap { $0 }.sorted().suffix(900)
        #expect(keep.contains { i in metrics[i].map { worst.contains($0) } ?? true })
        #expect(Downsampling.topKPlusStratified([1, 2, 3], goal: .maximize, topK: 1, limit: 10) == [0, 1, 2])
    }
}
