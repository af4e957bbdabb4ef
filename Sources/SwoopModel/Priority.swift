/// Queue priority levels with W&B's numbers; lower is served first, `medium` is the default.
public enum Priority: Int, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case critical = 0, high = 1, medium = 2, low = 3

    public init?(name: String) {
        switch name.lowercased() {
        case "critical": self = .critical
        case "high": self = .high
        case "medium": self = .medium
        case "low": self = .low
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .critical: return "critical"
        case .high: return "high"
        case .medium: return "medium"
        case .low: return "low"
        }
    }

    public var description: String { name }

    public static func < (a: Priority, b: Priority) -> Bool { a.rawValue < b.rawValue }

    // The API spells priorities by name; numbers are the storage and W&B wire form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self), let p = Priority(rawValue: n) { self = p; return }
        let s = try c.decode(String.self)
        guard let p = Priority(name: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown priority '\(s)' (critical, high, medium, low)")
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
