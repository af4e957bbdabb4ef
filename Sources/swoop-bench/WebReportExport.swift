import SwoopModel

/// The sweep page's inputs as loaded from the store, saved so the render can be timed in an optimized
/// build of the pure modules alone (benchmarks/web_report_release.sh) when the whole bench cannot be.
struct WebReportExport: Codable, Sendable {
    var sweep: Sweep
    var runs: [Run]
    var schedulerLog: String
}
