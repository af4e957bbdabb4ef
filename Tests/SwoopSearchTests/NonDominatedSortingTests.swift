import Testing
import SwoopConfig
@testable import SwoopSearch

/// Dominance, fronts, crowding distance and elite selection against hand-computed sets.
@Suite("Non-dominated sorting")
struct NonDominatedSortingTests {
    static let minMin: [Goal] = [.minimize, .minimize]
    // A B C are mutually non-dominated; D is beaten by B; F by B and C; E by B, C, D and F; G copies B.
    static let points: [[Double]] = [[1, 5], [2, 3], [3, 1], [2, 4], [4, 4], [3, 3]]

    @Test func dominanceNeedsOneStrictImprovementAndFollowsEachGoal() {
        #expect(NonDominatedSorting.dominates([1, 2], [1, 3], goals: Self.minMin))
        #expect(!NonDominatedSorting.dominates([1, 3], [1, 2], goals: Self.minMin))
        #expect(!NonDominatedSorting.dominates([1, 2], [1, 2], goals: Self.minMin))
        #expect(!NonDominatedSorting.dominates([1, 5], [2, 3], goals: Self.minMin))
        #expect(NonDominatedSorting.dominates([1, 3], [1, 2], goals: [.minimize, .maximize]))
        #expect(NonDominatedSorting.dominates([2, 3], [1, 3], goals: [.maximize, .maximize]))
    }

    @Test func frontsOfAMinimizationSet() {
        #expect(NonDominatedSorting.fronts(Self.points, goals: Self.minMin) == [[0, 1, 2], [3, 5], [4]])
        #expect(NonDominatedSorting.ranks(Self.points, goals: Self.minMin) == [0, 0, 0, 1, 2, 1])
    }

    @Test func duplicatesShareAFrontAndWeakTiesAreDominated() {
        let withCopy = Self.points + [[2, 3]]
        #expect(NonDominatedSorting.fronts(withCopy, goals: Self.minMin) == [[0, 1, 2, 6], [3, 5], [4]])
        // Equal in the first objective, worse in the second: one rank down.
        #expect(NonDominatedSorting.fronts([[1, 3], [1, 2], [1, 2]], goals: Self.minMin) == [[1, 2], [0]])
        #expect(NonDominatedSorting.fronts([[7, 7], [7, 7], [7, 7]], goals: Self.minMin) == [[0, 1, 2]])
    }

    @Test func mixedGoals() {
        // Minimize x, maximize y. As (x, -y): (1,-1) (2,-3) | (2,-2) (3,-3) (1,0).
        let p: [[Double]] = [[1, 1], [2, 3], [2, 2], [3, 3], [1, 0]]
        #expect(NonDominatedSorting.fronts(p, goals: [.minimize, .maximize]) == [[0, 1], [2, 3, 4]])
        // Both maximized: the minimization set's fronts turn over.
        #expect(NonDominatedSorting.fronts(Self.points, goals: [.maximize, .maximize]) == [[0, 4], [3, 5], [1, 2]])
    }

    @Test func firstFrontAgreesWithTheFullSortOnRandomSets() {
        var rng = SeededRandom(seed: 21)
        for round in 0..<200 {
            let m = 2 + round % 3
            let goals = (0..<m).map { _ in rng.uniform() < 0.5 ? Goal.minimize : Goal.maximize }
            // Coarse values so ties and duplicates are common.
            let points = (0..<(1 + round % 40)).map { _ in (0..<m).map { _ in (rng.uniform() * 5).rounded(.down) } }
            let first = NonDominatedSorting.firstFront(points, goals: goals)
            #expect(first == NonDominatedSorting.fronts(points, goals: goals).first)
            // Brute force: nobody dominates a member, someone dominates every other point.
            for i in points.indices {
                let dominated = points.contains { NonDominatedSorting.dominates($0, points[i], goals: goals) }
                #expect(first.contains(i) == !dominated)
            }
        }
    }

    @Test func emptyAndSingle() {
        #expect(NonDominatedSorting.fronts([], goals: Self.minMin) == [])
        #expect(NonDominatedSorting.firstFront([], goals: Self.minMin) == [])
        #expect(NonDominatedSorting.fronts([[1, 1]], goals: Self.minMin) == [[0]])
        #expect(NonDominatedSorting.crowdingDistances([]) == [])
    }

    @Test func crowdingDistanceByHand() {
        // A(1,5) H(1.5,4) B(2,3) C(3,1). First objective, width 2: H (2-1)/2, B (3-1.5)/2.
        // Second, width 4: B (4-1)/4, H (5-3)/4. Ends infinite.
        let front: [[Double]] = [[1, 5], [2, 3], [3, 1], [1.5, 4]]
        #expect(NonDominatedSorting.crowdingDistances(front) == [.infinity, 1.5, .infinity, 1.0])
    }

    @Test func duplicatesGetTheSameCrowdingDistanceInAnyOrder() {
        let front: [[Double]] = [[2, 3], [1, 5], [2, 3], [3, 1], [1.5, 4]]
        #expect(NonDominatedSorting.crowdingDistances(front) == [1.5, .infinity, 1.5, .infinity, 1.0])
        let ends: [[Double]] = [[1, 5], [3, 1], [2, 3], [1, 5]]
        #expect(NonDominatedSorting.crowdingDistances(ends) == [.infinity, .infinity, 2, .infinity])
        // Two distinct vectors, however many copies: all boundaries.
        #expect(NonDominatedSorting.crowdingDistances([[1, 2], [2, 1], [1, 2]]) == [.infinity, .infinity, .infinity])
    }

    @Test func anObjectiveWithoutSpreadAddsNothing() {
        // Objective 0 is flat; 1 gives the middle (3-1)/2; 2 gives it (5-1)/4.
        let front: [[Double]] = [[0, 1, 5], [0, 2, 3], [0, 3, 1]]
        #expect(NonDominatedSorting.crowdingDistances(front) == [.infinity, 2, .infinity])
    }

    @Test func eliteSelectionCutsTheLastFrontByCrowding() {
        let numbers = [10, 11, 12, 13, 14, 15]
        // Front 0 is 10, 11, 12; in it 11 is the crowded middle (distance 2), the ends infinite.
        #expect(NSGAIISampler.eliteSelection(numbers, objectives: Self.points, goals: Self.minMin, size: 2) == [10, 12])
        #expect(NSGAIISampler.eliteSelection(numbers, objectives: Self.points, goals: Self.minMin, size: 3) == [10, 11, 12])
        // Front 1 (13, 15) is two infinite boundaries: the earlier trial wins the tie.
        #expect(NSGAIISampler.eliteSelection(numbers, objectives: Self.points, goals: Self.minMin, size: 4) == [10, 11, 12, 13])
        #expect(NSGAIISampler.eliteSelection(numbers, objectives: Self.points, goals: Self.minMin, size: 9) == numbers)
    }

    @Test func paretoFrontKeepsFiniteFullVectorsInTrialOrder() {
        let front = ParetoFront(candidates: [
            .init(trial: 5, values: [2, 3]),
            .init(trial: 1, values: [1, 5]),
            .init(trial: 2, values: [0, .nan]),
            .init(trial: 3, values: [0]),
            .init(trial: 4, values: [2, 4]),
            .init(trial: 0, values: [2, 3]),
        ], goals: Self.minMin)
        #expect(front.trialNumbers == [0, 1, 5])
        #expect(front.members.map(\.values) == [[2, 3], [1, 5], [2, 3]])
    }
}
