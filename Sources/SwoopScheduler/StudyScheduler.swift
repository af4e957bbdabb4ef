import SwoopConfig
import SwoopModel
import SwoopSearch

/// The built-in scheduler: a SwoopSearch `Study` (the sweep's method, hyperband or a pruner) behind
/// the `Scheduler` protocol. Its saved state is the seed and every trial, so a restarted scheduler
/// rebuilds the same study; samplers that keep their own state between asks (CMA-ES, NSGA-II)
/// start that state afresh over the restored history, as they do on a resumed sweep.
public struct StudyScheduler: Scheduler {
    public private(set) var study: Study

    /// `saved` is what `savedState()` returned in an earlier life, or nil for a new sweep.
    public init(config: SweepConfig, seed: UInt64, saved: JSONValue?) throws {
        let seedToUse = saved?["seed"].flatMap(Self.seed) ?? seed
        // run_cap is the loop's (W&B counts launched runs, not crashed ones without results).
        var config = config
        config.runCap = nil
        study = try SearchMethods.study(for: config, seed: seedToUse)
        for t in saved?["trials"]?.arrayValue ?? [] {
            let values = (t["values"]?.arrayValue ?? []).map { v -> JSONValue? in v == .null ? nil : v }
            let state = t["state"]?.stringValue.flatMap(TrialState.init(rawValue:)) ?? .failed
            let reports = (t["reports"]?.arrayValue ?? []).compactMap { r -> Report? in
                guard let p = r.arrayValue, p.count == 2, let s = p[0].number, let v = p[1].number else { return nil }
                return Report(step: Int(s), value: v)
            }
            if config.metrics != nil {
                let objectives = t["objectives"]?.arrayValue?.compactMap(\.number)
                study.add(values: values, state: state, objectives: objectives, reports: reports)
            } else {
                study.add(values: values, state: state, value: t["value"]?.number, reports: reports)
            }
        }
    }

    static func seed(_ v: JSONValue) -> UInt64? {
        if let s = v.stringValue { return UInt64(s) }
        if case .int(let i) = v, i >= 0 { return UInt64(i) }
        return nil
    }

    public mutating func ask() throws -> SchedulerAsk {
        switch try study.ask() {
        case .trial(let number, let params, let notes): return .trial(number: number, config: params, notes: notes)
        case .done(let reason): return .done(reason: reason)
        }
    }

    public mutating func report(trial: Int, step: Int, value: Double) -> Bool {
        (try? study.report(trial, step: step, value: value)) ?? false
    }

    public mutating func tell(trial: Int, outcome: TrialOutcome) {
        switch outcome.state {
        case .finished:
            if study.config.metrics != nil {
                try? study.tell(trial, values: outcome.objectives ?? [.nan])
            } else {
                try? study.tell(trial, value: outcome.value ?? .nan)
            }
        case .failed, .crashed, .stopped:
            try? study.tell(trial, state: outcome.state)
        case .pending, .running, .preempted:
            break
        }
    }

    public mutating func add(config: JSONValue, outcome: TrialOutcome, reports: [Report]) -> Int {
        let values = study.config.space.flatten(config)
        if study.config.metrics != nil {
            return study.add(values: values, state: outcome.state, objectives: outcome.objectives, reports: reports)
        }
        return study.add(values: values, state: outcome.state, value: outcome.value, reports: reports)
    }

    public func savedState() throws -> JSONValue {
        guard case .object(var o) = try savedSharedState() else { return .null }
        o["trials"] = .array(study.trials.map(Self.encode))
        return .object(o)
    }

    public func savedSharedState() throws -> JSONValue {
        // The seed as a string: JSON numbers lose UInt64 precision in other languages.
        .object(["seed": .string(String(study.seed))])
    }

    /// Trial numbers are the study's: trial n is `study.trials[n]`.
    public func savedTrialState(_ trial: Int) throws -> JSONValue? {
        study.trials.indices.contains(trial) ? Self.encode(study.trials[trial]) : nil
    }

    static func encode(_ t: Trial) -> JSONValue {
        var o: [String: JSONValue] = [
            "values": .array(t.values.map { $0 ?? .null }),
            "state": .string(t.state.rawValue),
            "reports": .array(t.reports.map { .array([.int($0.step), .double($0.value)]) }),
        ]
        if let v = t.value { o["value"] = .double(v) }
        if let objectives = t.objectives { o["objectives"] = .array(objectives.map { .double($0) }) }
        return .object(o)
    }
}
