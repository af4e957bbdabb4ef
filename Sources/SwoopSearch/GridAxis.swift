import SwoopConfig
import SwoopModel

/// One searched dimension of a grid: its distinct values in W&B's enumeration order, without
/// materializing integer ranges or `arange`s (a huge range costs nothing until it is walked).
struct GridAxis: Sendable {
    enum Kind: Sendable {
        /// Categorical values, one per distinct `ValueKey`, each the last occurrence's value.
        case list(values: [JSONValue], lookup: [ValueKey: Int], objectKeys: Set<String>?)
        /// int_uniform: min, min+1, ..., max.
        case integers(min: Int)
        /// q_uniform: numpy's `arange(min, max, q)`, which is `start + i·delta`, delta = (start+q) − start.
        case arange(start: Double, delta: Double, integral: Bool)
    }

    let kind: Kind
    let count: Int

    init(categorical values: [JSONValue]) {
        var distinct: [JSONValue] = []
        var lookup: [ValueKey: Int] = [:]
        var objectKeys: Set<String>?
        for value in values {
            if case .object(let o) = value { objectKeys = (objectKeys ?? []).union(o.keys) }
            let key = ValueKey(value)
            if let i = lookup[key] {
                // Order is the first occurrence's; the emitted value is the last one (W&B's dict(zip())).
                distinct[i] = value
            } else {
                lookup[key] = distinct.count
                distinct.append(value)
            }
        }
        kind = .list(values: distinct, lookup: lookup, objectKeys: objectKeys)
        count = distinct.count
    }

    init(integersFrom lo: Int, through hi: Int) throws(SearchError) {
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        guard !overflow, span < Int.max else {
            throw SearchError("int_uniform range \(lo)..\(hi) has too many values for a grid")
        }
        kind = .integers(min: lo)
        count = hi < lo ? 0 : span + 1
    }

    init(arangeFrom lo: Double, to hi: Double, q: Quantum) throws(SearchError) {
        let length = ((hi - lo) / q.step).rounded(.up)
        guard length.isFinite || length < 0 else {
            throw SearchError("q_uniform grid from \(lo) to \(hi) by \(q.step) is not finite")
        }
        guard length < 0x1p62 else {
            throw SearchError("q_uniform grid from \(lo) to \(hi) by \(q.step) has too many values")
        }
        kind = .arange(start: lo, delta: (lo + q.step) - lo, integral: q.isInteger)
        count = length > 0 ? Int(length) : 0
    }

    func value(at i: Int) -> JSONValue {
        switch kind {
        case .list(let values, _, _):
            return values[i]
        case .integers(let lo):
            return .int(lo + i)
        case .arange(let start, let delta, let integral):
            let x = start + Double(i) * delta
            // W&B's arange is integer-typed when its bounds and step are integers.
            if integral, x.rounded() == x, abs(x) < 0x1p63 { return .int(Int(x)) }
            return .double(x)
        }
    }

    /// The index of the grid value equal (by `ValueKey`) to a trial's value, if any.
    func index(of value: JSONValue) -> Int? {
        switch kind {
        case .list(_, let lookup, let objectKeys):
            if let objectKeys, case .object = value {
                return lookup[ValueKey(value, keepingKeys: objectKeys)]
            }
            return lookup[ValueKey(value)]
        case .integers(let lo):
            let i: Int
            switch value {
            case .int(let v): i = v
            case .double(let d) where d.rounded() == d && abs(d) < 0x1p63: i = Int(d)
            default: return nil
            }
            let (offset, overflow) = i.subtractingReportingOverflow(lo)
            return !overflow && offset >= 0 && offset < count ? offset : nil
        case .arange(let start, let delta, _):
            guard let x = value.number, x.isFinite, count > 0 else { return nil }
            let guess = ((x - start) / delta).rounded()
            guard guess > -2, guess < Double(count) + 1 else { return nil }
            let key = ValueKey(value)
            let g = Int(guess)
            for i in [g, g - 1, g + 1] where i >= 0 && i < count {
                if ValueKey(self.value(at: i)) == key { return i }
            }
            return nil
        }
    }
}
