import SwoopConfig
import SwoopModel

/// Parses YAML (or JSON) text as if read from `sweep.yaml`.
func load(_ text: String, file: String = "sweep.yaml") -> ConfigLoadResult {
    SweepConfigLoader.parse(Array(text.utf8), file: file)
}

/// Validates an in-memory document, as the server does.
func check(_ document: JSONValue) -> ConfigLoadResult {
    SweepConfigLoader.parse(document: document, file: nil)
}

/// The only parameter's distribution in a valid random sweep with this one parameter spec.
func distribution(of spec: JSONValue) -> Distribution? {
    let r = check(["method": "random", "parameters": ["p": spec]])
    return r.config?.space.parameters.first?.distribution
}

extension ConfigLoadResult {
    var errorMessages: [String] { errors.map(\.message) }
    var warningMessages: [String] { warnings.map(\.message) }
}
