import SwoopModel

/// Reads metrics from a run's standard output: a line `@swoop {"loss": 0.3, "epoch": 2}` is one
/// metric row (docs/run-side.md, "Standard output").
///
/// The row's step is its `_step` key when that is a non-negative integer, otherwise one more than the
/// previous row's (the first row is step 0), as W&B's `run.log` counts. Numbers are kept, nested
/// objects are flattened with `.` (`{"val": {"loss": 1}}` is `val.loss`); other values are left out.
public struct StdoutMetricParser: Sendable {
    /// The marker at the start of a metric line (with its one space).
    public static let prefix = "@swoop "

    /// What one line of output was.
    public enum Line: Sendable, Equatable {
        /// Plain output.
        case text
        /// A metric row.
        case metrics(MetricPoint)
        /// A line with the prefix that is not a usable metric row, and why.
        case invalid(String)
    }

    /// The step the next row without `_step` gets.
    public private(set) var nextStep: Int64 = 0

    public init(nextStep: Int64 = 0) { self.nextStep = nextStep }

    public mutating func parse(_ line: String) -> Line {
        guard line.hasPrefix(Self.prefix) else { return .text }
        var body = line.dropFirst(Self.prefix.count)
        while body.last == "\r" || body.last == " " { body.removeLast() }
        let value: JSONValue
        do { value = try JSONText.parse(String(body)) } catch {
            return .invalid("not JSON after '\(Self.prefix)': \(error)")
        }
        guard case .object(var row) = value else {
            return .invalid("expected a JSON object after '\(Self.prefix)', got \(value.typeName)")
        }
        var step = nextStep
        if let s = row.removeValue(forKey: "_step") {
            guard case .int(let n) = s, n >= 0 else { return .invalid("_step must be a non-negative integer, got \(JSONText.render(s))") }
            step = Int64(n)
        }
        var values: [String: JSONValue] = [:]
        Self.flatten(.object(row), prefix: "", into: &values)
        guard !values.isEmpty else { return .invalid("the row has no numeric value") }
        nextStep = max(nextStep, step + 1)
        return .metrics(MetricPoint(step: step, values: values))
    }

    static func flatten(_ value: JSONValue, prefix: String, into out: inout [String: JSONValue]) {
        switch value {
        case .object(let o):
            for (k, v) in o { flatten(v, prefix: prefix.isEmpty ? k : prefix + "." + k, into: &out) }
        case .int, .double:
            if !prefix.isEmpty { out[prefix] = value }
        default:
            break
        }
    }
}
