import SwoopModel

/// A summary value by key, or by dotted path into nested objects (as SwoopReports reads them).
enum SummaryPath {
    static func value(_ summary: JSONValue, _ name: String) -> JSONValue? {
        if let v = summary[name] { return v }
        var node: JSONValue? = summary
        for key in name.split(separator: ".") { node = node?[String(key)] }
        return node
    }
}
