/// A trial's reports seen as Optuna's `trial.intermediate_values`: one value per step, the first
/// one reported (Optuna ignores a repeated step with a warning), negative steps left out (Optuna
/// refuses them). W&B's hyperband reads the raw report list instead.
public struct IntermediateValues: Sendable, Hashable {
    /// The accepted reports in the order they arrived.
    public private(set) var accepted: [Report] = []
    public private(set) var values: [Int: Double] = [:]
    /// The largest step reported (Optuna's `trial.last_step`), nil before the first report.
    public private(set) var lastStep: Int?
    /// Whether the most recent report was accepted; false when it repeated a step or was negative.
    public private(set) var lastReportAccepted = false

    public init(_ reports: [Report]) {
        for report in reports { add(report) }
    }

    public mutating func add(_ report: Report) {
        guard report.step >= 0, values[report.step] == nil else {
            lastReportAccepted = false
            return
        }
        accepted.append(report)
        values[report.step] = report.value
        lastStep = Swift.max(lastStep ?? report.step, report.step)
        lastReportAccepted = true
    }

    /// The reports Optuna would keep, in arrival order, without building the dictionary: reports
    /// with strictly increasing, non-negative steps (the usual case) are all kept as they are.
    public static func acceptedReports(_ reports: [Report]) -> [Report] {
        var last = -1
        for r in reports {
            guard r.step > last else { return IntermediateValues(reports).accepted }
            last = r.step
        }
        return reports
    }

    public subscript(step: Int) -> Double? { values[step] }

    /// The steps in ascending order.
    public var steps: [Int] { values.keys.sorted() }
}
