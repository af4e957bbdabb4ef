import Foundation
import SwoopModel

/// A queue config template's `{{name}}` slots and `--set-var name=value` filling them (reference
/// §4.2): the filled values go into the item's resource args, which win over the template.
enum TemplateVariables {
    /// The names of all slots in the template.
    static func slots(in template: JSONValue) -> Set<String> {
        switch template {
        case .string(let s): return Set(names(in: s))
        case .array(let items): return items.reduce(into: Set<String>()) { $0.formUnion(slots(in: $1)) }
        case .object(let o): return o.values.reduce(into: Set<String>()) { $0.formUnion(slots(in: $1)) }
        default: return []
        }
    }

    /// `value` as W&B's CLI coerces it: an integer, else a number, else the text.
    static func coerce(_ text: String) -> JSONValue {
        if let i = Int(text) { return .int(i) }
        if let d = Double(text), d.isFinite { return .double(d) }
        return .string(text)
    }

    /// The parts of the template that hold a slot with a value, filled in: a string that is just
    /// `{{name}}` takes the value's type, a slot inside longer text is replaced by its text.
    /// Nil when no value lands anywhere.
    static func filled(_ template: JSONValue, with values: [String: JSONValue]) -> JSONValue? {
        switch template {
        case .string(let s):
            let found = names(in: s).filter { values[$0] != nil }
            guard !found.isEmpty else { return nil }
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if found.count == 1, let name = found.first, trimmed == "{{\(name)}}" || trimmed == "{{ \(name) }}" {
                return values[name]
            }
            var text = s
            for name in found {
                let value = values[name].map { $0.stringValue ?? JSONText.render($0) } ?? ""
                text = text.replacingOccurrences(of: "{{\(name)}}", with: value).replacingOccurrences(of: "{{ \(name) }}", with: value)
            }
            return .string(text)
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, v) in o { if let f = filled(v, with: values) { out[k] = f } }
            return out.isEmpty ? nil : .object(out)
        case .array(let items):
            // Lists are replaced whole, so untouched items are kept as the template has them.
            let mapped = items.map { filled($0, with: values) }
            guard mapped.contains(where: { $0 != nil }) else { return nil }
            return .array(zip(items, mapped).map { $1 ?? $0 })
        default:
            return nil
        }
    }

    /// Deep merge: `top` wins key by key, objects merge, anything else is replaced.
    static func merge(_ base: JSONValue?, _ top: JSONValue?) -> JSONValue? {
        guard let top else { return base }
        guard case .object(let b)? = base, case .object(let t) = top else { return top }
        var out = b
        for (k, v) in t { out[k] = merge(b[k], v) }
        return .object(out)
    }

    private static func names(in s: String) -> [String] {
        var found: [String] = []
        var rest = s[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { found.append(name) }
            rest = rest[close.upperBound...]
        }
        return found
    }
}
