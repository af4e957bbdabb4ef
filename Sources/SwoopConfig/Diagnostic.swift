/// One problem found in a sweep configuration, located by file, key path and (for YAML) line.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Errors make a configuration unusable; warnings are printed and the sweep goes on.
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    public var file: String?
    /// Dotted key path from the root, such as `parameters.lr.max`; empty for the whole document.
    public var keyPath: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(_ severity: Severity, file: String? = nil, keyPath: String, line: Int? = nil,
                column: Int? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.column = column
        self.message = message
    }

    /// `sweep.yaml:12:5: error: parameters.lr.max: expected a number greater than min (0.1), got "abc"`
    public var description: String {
        var location = file ?? "<config>"
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        let key = keyPath.isEmpty ? "(top level)" : keyPath
        return "\(location): \(severity.rawValue): \(key): \(message)"
    }
}
