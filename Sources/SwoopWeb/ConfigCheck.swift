import SwoopConfig
import SwoopModel

/// The editor's check of a configuration text: the diagnostics `swoop sweep validate` prints (same
/// loader, same messages, with lines and columns), as JSON for the page's script (pure).
enum ConfigCheck {
    static let file = "config"

    static func check(_ text: String) -> ConfigLoadResult {
        SweepConfigLoader.parse(Array(text.utf8), file: file)
    }

    static func json(_ result: ConfigLoadResult) -> String {
        let items: [JSONValue] = result.diagnostics.map { d in
            .object([
                "severity": .string(d.severity.rawValue), "key": .string(d.keyPath), "message": .string(d.message),
                "line": d.line.map { .int($0) } ?? .null, "column": d.column.map { .int($0) } ?? .null,
                "text": .string(d.description),
            ])
        }
        return JSONText.render(.object(["valid": .bool(result.isValid), "diagnostics": .array(items)]))
    }
}
