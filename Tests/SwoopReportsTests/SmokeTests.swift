import Foundation
import SwoopModel
import Testing
@testable import SwoopReports

@Suite struct SmokeTests {
    @Test func sweepReportRendersEverySection() {
        let runs = (0..<20).map { i in
            Fixtures.run(i, config: ["lr": .double(0.001 * Double(i + 1)), "layers": .int(i % 8 + 1), "optimizer": "adam", "epochs": 10],
                         summary: ["loss": .double(1.0 / Double(i + 1))])
        }
        let html = SweepReport(sweep: Fixtures.sweep(Fixtures.config), runs: runs, now: Fixtures.t0).html
        #expect(html.contains("swoop-runs-table"))
        #expect(html.contains("sweep &lt;one&gt;"))
    }
}
