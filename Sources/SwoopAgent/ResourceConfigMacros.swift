import SwoopModel

/// The dynamic macros an agent fills into a queue's resource configuration when it takes an item
/// (reference §4.2): `${project_name}`, `${entity_name}`, `${run_id}`, `${run_name}`, `${image_uri}`,
/// `${author}`; any other `${X}` becomes the agent's environment variable X; a macro with no value is
/// left as it is. Applied to every string in the configuration, keys untouched.
public enum ResourceConfigMacros {
    /// The values of the named macros for one item.
    public static func values(for spec: LaunchSpec, runID: RunID?, imageURI: String?) -> [String: String] {
        var v: [String: String] = ["project_name": spec.project, "entity_name": spec.entity]
        if let runID { v["run_id"] = runID.rawValue }
        if let name = spec.name { v["run_name"] = name }
        if let imageURI = imageURI ?? spec.imageURI { v["image_uri"] = imageURI }
        if let author = spec.author { v["author"] = author }
        return v
    }

    /// `config` with the macros in its strings replaced.
    public static func apply(_ config: JSONValue, values: [String: String], environment: [String: String]) -> JSONValue {
        switch config {
        case .string(let s): return .string(substitute(s, values: values, environment: environment))
        case .array(let items): return .array(items.map { apply($0, values: values, environment: environment) })
        case .object(let o): return .object(o.mapValues { apply($0, values: values, environment: environment) })
        default: return config
        }
    }

    /// One string with every `${name}` that has a value replaced.
    public static func substitute(_ text: String, values: [String: String], environment: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[start.upperBound..<end])
            out += rest[..<start.lowerBound]
            out += values[name] ?? environment[name] ?? "${\(name)}"
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// The queue's configuration with the item's `resourceArgs` laid over it, key by key (nested objects merge).
    public static func merged(_ base: JSONValue, _ overlay: JSONValue?) -> JSONValue {
        guard let overlay else { return base }
        guard case .object(var b) = base, case .object(let o) = overlay else { return overlay }
        for (k, v) in o { b[k] = b[k].map { merged($0, v) } ?? v }
        return .object(b)
    }
}
