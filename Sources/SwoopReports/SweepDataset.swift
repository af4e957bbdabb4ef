import SwoopConfig
import SwoopModel
import SwoopSearch

/// A sweep and its runs reduced to what the sweep page draws: parameters, objectives, one row per run.
///
/// The web layer fills it with two store calls: `sweepWithoutState(id:)` and `runs(sweep:sinceCursor:limit:)`
/// paged from cursor 0 until a page comes back empty (runs carry config and summary, not histories).
public struct SweepDataset: Sendable {
    public let sweep: Sweep
    /// The sweep's configuration; nil when the stored document no longer validates (the page still renders).
    public let config: SweepConfig?
    /// Searched parameters in W&B's order (constants left out); inferred from run configs without a config.
    public let parameters: [ReportParameter]
    /// Objectives, the primary first: `metric:`, or every entry of `metrics:`. Empty when none is named.
    public let objectives: [MetricSpec]
    /// Runs in creation order (then id).
    public let runs: [Run]
    /// `parameterValues[run][parameter]`.
    public let parameterValues: [[JSONValue?]]
    /// `parameterPositions[run][parameter]`: where each value sits on its axis (`ReportParameter.position(of:)`),
    /// computed once because every chart and the importance estimate need it.
    public let parameterPositions: [[Double?]]
    /// `objectiveValues[objective][run]`: finite summary values, nil when missing or not a number.
    public let objectiveValues: [[Double?]]

    public init(sweep: Sweep, runs: [Run]) {
        self.sweep = sweep
        let config = SweepConfigLoader.parse(document: sweep.config, file: nil).config
        self.config = config
        let sorted = runs.sorted { $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.id < $1.id }
        self.runs = sorted
        let parameters: [ReportParameter]
        if let config {
            parameters = config.space.searchableIndices.map { ReportParameter(config.space.parameters[$0]) }
        } else {
            parameters = Self.inferParameters(sorted)
        }
        let values = sorted.map { run in parameters.map { $0.value(in: run.config) } }
        // Values a categorical axis does not list (the config changed, or inference) get their own category.
        var params = parameters
        for p in params.indices where params[p].isCategorical {
            var known = Set(params[p].categories)
            for r in values.indices {
                if let v = values[r][p] {
                    let text = NumberFormat.cell(v)
                    if known.insert(text).inserted { params[p].categories.append(text) }
                }
            }
        }
        self.parameters = params
        let lookups = params.map { p in Dictionary(p.categories.enumerated().map { ($1, Double($0)) }, uniquingKeysWith: { a, _ in a }) }
        self.parameterPositions = values.map { row in
            params.indices.map { p in
                guard let v = row[p] else { return nil }
                return params[p].isCategorical ? lookups[p][NumberFormat.cell(v)] : params[p].position(of: v)
            }
        }
        self.parameterValues = values
        var objectives: [MetricSpec] = []
        if let metrics = config?.metrics, !metrics.isEmpty { objectives = metrics } else if let m = config?.metric { objectives = [m] }
        if config == nil { objectives = Self.objectivesAsWritten(sweep.config) }
        self.objectives = objectives
        self.objectiveValues = objectives.map { spec in sorted.map { Self.metric(spec.name, in: $0.summary) } }
    }

    /// `metric:` or `metrics:` read leniently from a document that does not validate (names and goals only).
    static func objectivesAsWritten(_ doc: JSONValue) -> [MetricSpec] {
        let items = doc["metrics"]?.arrayValue ?? doc["metric"].map { [$0] } ?? []
        return items.compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            return MetricSpec(name: name, goal: item["goal"]?.stringValue == "maximize" ? .maximize : .minimize)
        }
    }

    /// A summary value by key, or by dotted path into nested objects; finite numbers only.
    public static func metric(_ name: String, in summary: JSONValue) -> Double? {
        if let v = summary[name]?.number { return v.isFinite ? v : nil }
        var node: JSONValue? = summary
        for key in name.split(separator: ".") { node = node?[String(key)] }
        guard let v = node?.number, v.isFinite else { return nil }
        return v
    }

    /// The primary objective, if any.
    public var primary: MetricSpec? { objectives.first }

    /// Index into `runs` of the best run by the primary objective.
    public var bestIndex: Int? {
        guard let spec = primary else { return nil }
        var best: Int?
        for (i, v) in objectiveValues[0].enumerated() {
            guard let v else { continue }
            if let b = best, let bv = objectiveValues[0][b], spec.goal == .minimize ? v >= bv : v <= bv { continue }
            best = i
        }
        return best
    }

    /// Runs the sweep will make at most: `run_cap`, or the grid's size for a grid sweep; nil when open-ended.
    public var plannedRuns: Int? {
        guard let config else { return nil }
        if let cap = config.runCap, cap > 0 { return cap }
        if config.method == .grid { return try? GridSampler.gridSize(config.space) }
        return nil
    }

    /// Number of runs in each state.
    public var stateCounts: [RunState: Int] {
        var counts: [RunState: Int] = [:]
        for r in runs { counts[r.state, default: 0] += 1 }
        return counts
    }

    /// Leaf keys of the runs' configs (first 200 runs), numeric when every value seen is a number.
    static func inferParameters(_ runs: [Run]) -> [ReportParameter] {
        var seen: [[String]: (numeric: Bool, categories: [String])] = [:]
        var order: [[String]] = []
        func visit(_ v: JSONValue, _ path: [String]) {
            if case .object(let o) = v {
                if path.count == 1, o.count == 1, let inner = o["value"] { visit(inner, path); return }
                for k in o.keys.sorted(by: SearchSpace.keyLess) where !k.hasPrefix("_") { visit(o[k]!, path + [k]) }
                return
            }
            guard !path.isEmpty else { return }
            if seen[path] == nil { seen[path] = (true, []); order.append(path) }
            if v.number == nil {
                seen[path]!.numeric = false
                let text = NumberFormat.cell(v)
                if !seen[path]!.categories.contains(text) { seen[path]!.categories.append(text) }
            }
        }
        for run in runs.prefix(200) { visit(run.config, []) }
        return order.map { path in
            let info = seen[path]!
            return ReportParameter(name: path.joined(separator: "."), path: path, isCategorical: !info.numeric,
                                   categories: info.numeric ? [] : info.categories)
        }
    }
}
