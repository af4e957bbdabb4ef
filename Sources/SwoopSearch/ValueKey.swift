import SwoopModel

/// A value's identity as W&B's grid de-duplication sees it (`yaml_hash`): integer-valued floats
/// equal integers, booleans never equal numbers, objects ignore key order.
///
/// Unlike W&B, floats are made integers at every depth, not only at the top: JSON does not keep
/// `1.0` apart from `1`, so a value nested in a list must survive a trip through storage.
public struct ValueKey: Hashable, Sendable {
    indirect enum Node: Hashable, Sendable {
        case null
        case bool(Bool)
        case int(Int)
        /// Bit pattern, so every NaN is one key (YAML writes them all as `.nan`).
        case double(UInt64)
        case string(String)
        case array([Node])
        case object([String: Node])
    }

    let node: Node

    public init(_ value: JSONValue) {
        node = Self.canonical(value)
    }

    /// The key of an object value with only the given keys kept (W&B drops keys a run's config
    /// gained at runtime that no grid value has).
    public init(_ value: JSONValue, keepingKeys keys: Set<String>) {
        if case .object(let o) = value {
            node = .object(o.filter { keys.contains($0.key) }.mapValues(Self.canonical))
        } else {
            node = Self.canonical(value)
        }
    }

    static func canonical(_ value: JSONValue) -> Node {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d):
            if d.isNaN { return .double(Double.nan.bitPattern) }
            // Exactly representable integers only: 2^63 itself does not fit in Int.
            if d.rounded() == d, abs(d) < 0x1p63 { return .int(Int(d)) }
            return .double(d.bitPattern)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(canonical))
        case .object(let o): return .object(o.mapValues(canonical))
        }
    }
}
