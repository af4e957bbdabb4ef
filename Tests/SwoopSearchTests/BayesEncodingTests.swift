import Foundation
import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

@Suite("Bayes encoding")
struct BayesEncodingTests {
    @Test func noSearchableParameterIsAnError() {
        let space = SearchSpaceFixtures.space(["a": .constant(1), "b": .constant("x")])
        #expect(throws: SearchError("Need at least one searchable parameter for bayes search.")) {
            try BayesSampler(space: space, metric: MetricSpec(name: "loss"))
        }
    }

    @Test func constantsAreNotDimensionsButAreDecoded() throws {
        let space = SearchSpaceFixtures.space(["a": .constant("keep"), "x": .uniform(min: -1, max: 1)])
        let e = try BayesEncoding(space: space)
        #expect(e.dimension == 1)
        #expect(e.decode([0.75]) == ["keep", .double(0.5)])
        #expect(e.encode(["keep", .double(0.5)]) == [0.75])
    }

    @Test func integersStayIntegersAndRoundTrip() throws {
        let space = SearchSpaceFixtures.space(["layers": .intUniform(min: 1, max: 8)])
        let e = try BayesEncoding(space: space)
        for k in 1...8 {
            let u = try #require(e.encode([.int(k)]))
            #expect(abs(u[0] - (Double(k) - 0.5) / 8) < 1e-12)  // cell centre
            #expect(e.decode(u) == [.int(k)])
        }
        // A relaxed coordinate snaps to the centre of the integer it decodes to.
        let snapped = e.snap([0.3])
        #expect(e.decode([0.3]) == [.int(3)])
        #expect(abs(snapped[0] - 2.5 / 8) < 1e-12)
    }

    @Test func discreteNeighboursAreTheAdjacentValues() throws {
        let space = SearchSpaceFixtures.space([
            "layers": .intUniform(min: 1, max: 8),
            "q": .qUniform(min: 0, max: 10, q: Quantum(step: 2, isInteger: true)),
            "x": .uniform(min: 0, max: 1),
        ])
        let e = try BayesEncoding(space: space)
        let point = try #require(e.encode([.int(3), .int(4), .double(0.5)]))
        let around = Set(e.discreteNeighbours(point).map { e.decode($0) })
        #expect(around == [[.int(2), .int(4), .double(0.5)], [.int(4), .int(4), .double(0.5)],
                           [.int(3), .int(2), .double(0.5)], [.int(3), .int(6), .double(0.5)]])
        // At the end of the range there is one neighbour only.
        let edge = try #require(e.encode([.int(8), .int(4), .double(0.5)]))
        #expect(e.discreteNeighbours(edge).filter { e.decode($0)[0] != .int(8) }.map { e.decode($0)[0] } == [.int(7)])
    }

    @Test func quantizedValuesSnapToTheEvaluatedPoint() throws {
        let space = SearchSpaceFixtures.space(["q": .qUniform(min: 0, max: 10, q: Quantum(step: 2, isInteger: true))])
        let e = try BayesEncoding(space: space)
        #expect(e.decode([0.33]) == [.int(4)])
        #expect(abs(e.snap([0.33])[0] - 0.4) < 1e-12)
    }

    @Test func logScaleIsLinearInTheLogarithm() throws {
        let space = SearchSpaceFixtures.space(["lr": .logUniformValues(min: 1e-5, max: 1)])
        let e = try BayesEncoding(space: space)
        let u = try #require(e.encode([.double(1e-3)]))
        #expect(abs(u[0] - 0.4) < 1e-12)
        #expect(abs(e.decode([0.4])[0].number! - 1e-3) < 1e-15)
    }

    @Test func normalFamilyGoesThroughItsCDFAndStaysInsideTheTails() throws {
        let space = SearchSpaceFixtures.space(["w": .normal(mu: 1, sigma: 2)])
        let e = try BayesEncoding(space: space)
        let u = try #require(e.encode([.double(1)]))
        #expect(abs(u[0] - 0.5) < 1e-12)
        #expect(e.lower[0] > 0 && e.upper[0] < 1)
        #expect(e.decode([e.upper[0]])[0].number!.isFinite)
    }

    @Test func booleanCategoriesAreDistinct() throws {
        let space = SearchSpaceFixtures.space(["f": .categorical(values: [true, false], probabilities: nil)])
        let e = try BayesEncoding(space: space)
        let t = try #require(e.encode([true]))
        let f = try #require(e.encode([false]))
        #expect(t != f)
        #expect(e.decode(t) == [true])
        #expect(e.decode(f) == [false])
    }

    @Test func zeroAndFalseAreDifferentCategories() throws {
        let space = SearchSpaceFixtures.space(["v": .categorical(values: [0, false, "", .null], probabilities: nil)])
        let e = try BayesEncoding(space: space)
        let points = try [JSONValue.int(0), .bool(false), .string(""), .null].map { try #require(e.encode([$0])) }
        #expect(Set(points).count == 4)
        for (p, v) in zip(points, [JSONValue.int(0), .bool(false), .string(""), .null]) { #expect(e.decode(p) == [v]) }
        // A value that is not one of the categories cannot be placed.
        #expect(e.encode([.int(1)]) == nil)
        #expect(e.encode([nil]) == nil)
    }
}
