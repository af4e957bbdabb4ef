import SwoopConfig
import SwoopSearch

/// Pareto fronts over k objectives, each with its direction; reuses SwoopSearch's non-dominated sorting.
public enum ParetoAnalysis {
    /// Indices (ascending) of the non-dominated vectors among those with one finite value per goal;
    /// equal vectors are all kept. Vectors with a missing or non-finite value are never on the front.
    public static func front(_ vectors: [[Double]], goals: [Goal]) -> [Int] {
        let usable = vectors.indices.filter { vectors[$0].count == goals.count && vectors[$0].allSatisfy(\.isFinite) }
        return NonDominatedSorting.firstFront(usable.map { vectors[$0] }, goals: goals).map { usable[$0] }
    }

    /// True when `a` is at least as good as `b` in every objective and better in one.
    public static func dominates(_ a: [Double], _ b: [Double], goals: [Goal]) -> Bool {
        NonDominatedSorting.dominates(a, b, goals: goals)
    }
}
