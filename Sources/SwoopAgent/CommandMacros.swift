import SwoopModel

/// W&B's command macros (reference §3.2), rendered where the run starts.
///
/// Rules, as W&B's agent applies them: first `${envvar:NAME}` is replaced anywhere inside every token
/// (an unset variable leaves the bare `NAME`); then a token that is *as a whole* `${...}` is a macro and
/// is replaced by its expansion, which may be several tokens or none; an unknown whole-token macro
/// expands to nothing; a token that merely contains `${...}` (`--lr=${lr}`) stays as it is.
/// Parameters come out in name order, values rendered by `PythonText.str` (`True`, `None`, `1e-05`).
public enum CommandMacros {
    /// The command W&B runs when a sweep gives none.
    public static let defaultCommand = ["${env}", "${interpreter}", "${program}", "${args}"]

    /// Expands `command` (or W&B's default command when it is empty) for one run.
    public static func expand(_ command: [String], _ context: CommandMacroContext) -> [String] {
        let tokens = command.isEmpty ? defaultCommand : command
        return tokens.flatMap { token -> [String] in
            let t = substituteEnvVars(token, context.environment)
            guard t.hasPrefix("${"), t.hasSuffix("}"), t.count >= 3 else { return [t] }
            return expandMacro(String(t.dropFirst(2).dropLast()), context)
        }
    }

    /// `${envvar:NAME}` anywhere in `token`, replaced by the variable's value (or `NAME` when unset).
    public static func substituteEnvVars(_ token: String, _ environment: [String: String]) -> String {
        let open = "${envvar:"
        var out = ""
        var rest = Substring(token)
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[start.upperBound..<end])
            out += rest[..<start.lowerBound]
            out += environment[name] ?? name
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    static func expandMacro(_ name: String, _ c: CommandMacroContext) -> [String] {
        let params = c.args.keys.sorted().map { ($0, PythonText.str(c.args[$0]!)) }
        switch name {
        case "env": return [c.envCommand]
        case "interpreter": return [c.interpreter]
        case "program": return c.program.map { [$0] } ?? []
        case "args": return params.map { "--\($0)=\($1)" }
        case "args_no_hyphens": return params.map { "\($0)=\($1)" }
        case "args_append_hydra": return params.map { "+\($0)=\($1)" }
        case "args_override_hydra": return params.map { "++\($0)=\($1)" }
        case "args_no_equals": return params.flatMap { ["--\($0)", $1] }
        case "args_no_boolean_flags":
            return c.args.keys.sorted().compactMap { key in
                switch c.args[key]! {
                case .bool(true): return "--\(key)"
                case .bool(false): return nil
                case let v: return "--\(key)=\(PythonText.str(v))"
                }
            }
        case "args_json": return [argsJSON(c.args)]
        case "args_json_file": return c.argsJSONFile.map { [$0] } ?? []
        default: return []
        }
    }

    /// The hyperparameters as one JSON object in Python's `json.dumps` layout (`{"a": true, "c": 1}`),
    /// keys sorted: what `${args_json}` passes and what the agent writes to `SWOOP_CONFIG_FILE`.
    public static func argsJSON(_ args: [String: JSONValue]) -> String {
        json(.object(args))
    }

    static func json(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { JSONText.render(.string($0)) + ": " + json(o[$0]!) }.joined(separator: ", ") + "}"
        case .double(let d) where d.isFinite: return PythonText.float(d)
        case .double(let d): return d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity")
        default: return JSONText.render(value)
        }
    }
}
