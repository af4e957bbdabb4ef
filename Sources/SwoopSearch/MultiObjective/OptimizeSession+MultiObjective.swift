import SwoopModel

/// The protocol's multi-objective extension (docs/optimize-protocol.md): `tell` with `values`,
/// and `front` for the non-dominated trials (the best trial of a single-objective sweep).
extension OptimizeSession {
    /// Reads a tell's `values`: one number per objective, null standing for a non-finite value.
    static func objectiveValues(_ values: JSONValue, alsoValue: Bool) -> Result<[Double], Study.UsageError> {
        if alsoValue {
            return .failure(Study.UsageError("tell takes \"value\" (one objective) or \"values\" (several), not both"))
        }
        guard case .array(let items) = values else {
            return .failure(Study.UsageError("\"values\" must be a list of numbers, one per objective, got \(values.typeName)"))
        }
        var numbers: [Double] = []
        for (i, item) in items.enumerated() {
            switch item {
            // JSON has no NaN; null is how a peer writes a value that could not be computed.
            case .null: numbers.append(.nan)
            default:
                guard let x = item.number else {
                    return .failure(Study.UsageError("\"values\"[\(i)] must be a number, got \(item.typeName)"))
                }
                numbers.append(x)
            }
        }
        return .success(numbers)
    }

    /// `{"front":[{"trial":n,"params":{...},"values":[...]}]}`, in trial order.
    func front() -> JSONValue {
        guard study.config.metrics != nil || study.config.metric != nil else {
            return Self.error("this sweep has no metric, so no trial is better than another; add metric: or metrics:")
        }
        var members = study.paretoFront.members
        // One objective: ties all sit on the front, but the protocol promises the best trial.
        if study.config.metrics == nil { members = Array(members.prefix(1)) }
        let space = study.config.space
        return .object(["front": .array(members.map { m in
            // Trials told through this protocol have every value; .null only guards prior trials.
            let params = space.nested(study.trials[m.trial].values.map { $0 ?? .null })
            return .object(["trial": .int(m.trial), "params": params, "values": .array(m.values.map { .double($0) })])
        })])
    }
}
