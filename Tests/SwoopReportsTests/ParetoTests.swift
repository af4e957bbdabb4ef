import SwoopConfig
import SwoopSearch
import Testing
@testable import SwoopReports

@Suite struct ParetoTests {
    @Test func mixedDirectionsKnownFront() {
        // Minimize loss, maximize accuracy.
        let v: [[Double]] = [[0.5, 0.80], [0.4, 0.85], [0.6, 0.90], [0.4, 0.70], [0.7, 0.60], [0.4, 0.85]]
        #expect(ParetoAnalysis.front(v, goals: [.minimize, .maximize]) == [1, 2, 5])
    }

    @Test(arguments: [2, 3, 4])
    func matchesBruteForceOnRandomPoints(k: Int) {
        var rng = SeededRandom(seed: UInt64(k))
        let goals: [Goal] = (0..<k).map { $0 % 2 == 0 ? .minimize : .maximize }
        var points = (0..<400).map { _ in (0..<k).map { _ in (rng.uniform() * 20).rounded() } }
        points[17][0] = .nan
        points[18] = [1]
        let brute = points.indices.filter { i in
            points[i].count == k && points[i].allSatisfy(\.isFinite)
                && !points.indices.contains { j in
                    points[j].count == k && points[j].allSatisfy(\.isFinite) && dominates(points[j], points[i], goals)
                }
        }
        #expect(ParetoAnalysis.front(points, goals: goals) == brute)
    }

    private func dominates(_ a: [Double], _ b: [Double], _ goals: [Goal]) -> Bool {
        var better = false
        for i in goals.indices {
            let (x, y) = goals[i] == .minimize ? (a[i], b[i]) : (-a[i], -b[i])
            if x > y { return false }
            if x < y { better = true }
        }
        return better
    }
}
