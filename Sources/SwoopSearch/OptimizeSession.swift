import SwoopModel

/// The optimize-stdio protocol over a `Study`: one JSON request line in, one JSON answer line out.
///
/// Pure so it can be tested without a process; `swoop optimize` only moves lines and flushes.
public struct OptimizeSession: Sendable {
    public private(set) var study: Study
    /// Messages for standard error (method notes such as a fallback); drained by the caller.
    public private(set) var diagnostics: [String] = []

    public init(study: Study) {
        self.study = study
    }

    public mutating func takeDiagnostics() -> [String] {
        defer { diagnostics.removeAll() }
        return diagnostics
    }

    /// Answers one request line; never throws, every problem becomes an `{"error": ...}` answer.
    public mutating func answer(_ line: String) -> String {
        JSONText.render(respond(to: line))
    }

    mutating func respond(to line: String) -> JSONValue {
        let request: JSONValue
        do {
            request = try JSONText.parse(line)
        } catch {
            return Self.error("request is not JSON: \(error.description)")
        }
        guard case .object(let fields) = request else {
            return Self.error("request must be a JSON object such as {\"op\":\"ask\"}, got \(request.typeName)")
        }
        guard let op = fields["op"] else {
            return Self.error("request has no \"op\" field; expected one of ask, tell, report")
        }
        switch op {
        case "ask": return ask()
        case "tell": return tell(fields)
        case "report": return report(fields)
        default:
            return Self.error("unknown op \(JSONText.render(op)); expected one of ask, tell, report")
        }
    }

    static func error(_ message: String) -> JSONValue {
        .object(["error": .string(message)])
    }

    mutating func ask() -> JSONValue {
        do {
            switch try study.ask() {
            case .trial(let number, let params, let notes):
                diagnostics += notes.map { "trial \(number): \($0)" }
                return .object(["trial": .int(number), "params": params])
            case .done(let reason):
                diagnostics.append("done: \(reason)")
                return .object(["done": true])
            }
        } catch {
            return Self.error(error.message)
        }
    }

    static func trialNumber(_ fields: [String: JSONValue]) -> Result<Int, Study.UsageError> {
        switch fields["trial"] {
        case .int(let n)?: return .success(n)
        case .double(let d)? where d == d.rounded() && abs(d) < 1e15: return .success(Int(d))
        case nil: return .failure(Study.UsageError("request has no \"trial\" field; expected the number an ask answered"))
        case let other?: return .failure(Study.UsageError("\"trial\" must be an integer, got \(other.typeName)"))
        }
    }

    mutating func tell(_ fields: [String: JSONValue]) -> JSONValue {
        let number: Int
        switch Self.trialNumber(fields) {
        case .success(let n): number = n
        case .failure(let m): return Self.error(m.message)
        }
        do {
            if let state = fields["state"], state != "finished" {
                guard let name = state.stringValue,
                      let s = TrialState(rawValue: name), [.failed, .crashed, .stopped].contains(s)
                else {
                    return Self.error("\"state\" must be one of failed, crashed, stopped (or finished with a value), got \(JSONText.render(state))")
                }
                try study.tell(number, state: s)
            } else {
                guard let v = fields["value"] else {
                    return Self.error("tell needs a \"value\" (a number) or a \"state\" (failed, crashed, stopped)")
                }
                switch v {
                case .null:
                    try study.tell(number, value: .nan)
                default:
                    guard let x = v.number else {
                        return Self.error("\"value\" must be a number, got \(v.typeName)")
                    }
                    try study.tell(number, value: x)
                }
            }
        } catch {
            return Self.error(error.message)
        }
        return .object(["ok": true])
    }

    mutating func report(_ fields: [String: JSONValue]) -> JSONValue {
        let number: Int
        switch Self.trialNumber(fields) {
        case .success(let n): number = n
        case .failure(let m): return Self.error(m.message)
        }
        guard let stepValue = fields["step"] else {
            return Self.error("report needs a \"step\" (an integer)")
        }
        guard let step = stepValue.number, step == step.rounded(), abs(step) < 1e15 else {
            return Self.error("\"step\" must be an integer, got \(stepValue.typeName)")
        }
        guard let v = fields["value"] else {
            return Self.error("report needs a \"value\" (a number)")
        }
        guard let x = v.number else {
            return Self.error("\"value\" must be a number, got \(v.typeName)")
        }
        do {
            return .object(["prune": .bool(try study.report(number, step: Int(step), value: x))])
        } catch {
            return Self.error(error.message)
        }
    }
}
