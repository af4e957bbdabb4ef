import Foundation
import SwoopConfig
import SwoopModel

extension Distribution {
    /// W&B's quantile map (reference §2.3): the value for u in [0, 1] (clamped where W&B wraps).
    ///
    /// Where W&B would give an infinite value (u exactly 0 or 1 for the normal families) u is
    /// moved to the nearest interior double, so every value is finite and JSON-representable.
    public func quantile(_ u: Double) -> JSONValue {
        let u = u.isNaN ? 0 : Swift.min(Swift.max(u, 0), 1)
        switch self {
        case .constant(let value):
            return value
        case .categorical(let values, let probabilities):
            guard !values.isEmpty else { return .null }
            if let probabilities {
                return values[Self.weightedIndex(u, probabilities: probabilities, count: values.count)]
            }
            return values[Self.uniformIndex(u, count: values.count)]
        case .intUniform(let lo, let hi):
            return .int(Self.intUniform(u, lo: lo, hi: hi))
        case .uniform(let lo, let hi):
            return .double(lo + u * (hi - lo))
        case .qUniform(let lo, let hi, let q):
            return Self.quantize(lo + u * (hi - lo), q)
        case .logUniform(let lo, let hi):
            return .double(exp(lo + u * (hi - lo)))
        case .logUniformValues(let lo, let hi):
            return .double(Self.logUniformValues(u, lo: lo, hi: hi))
        case .qLogUniform(let lo, let hi, let q):
            return Self.quantize(exp(lo + u * (hi - lo)), q)
        case .qLogUniformValues(let lo, let hi, let q):
            return Self.quantize(Self.logUniformValues(u, lo: lo, hi: hi), q)
        case .invLogUniform(let lo, let hi):
            return .double(exp(-(lo + (1 - u) * (hi - lo))))
        case .invLogUniformValues(let lo, let hi):
            // W&B stores it as exponents of 1/x: [−ln max, −ln min]; the result equals log_uniform_values.
            let a = -log(hi), b = -log(lo)
            return .double(exp(-(a + (1 - u) * (b - a))))
        case .normal(let mu, let sigma):
            return .double(mu + sigma * Self.interiorNormalQuantile(u))
        case .qNormal(let mu, let sigma, let q):
            return Self.quantize(mu + sigma * Self.interiorNormalQuantile(u), q)
        case .logNormal(let mu, let sigma):
            return .double(exp(mu + sigma * Self.interiorNormalQuantile(u)))
        case .qLogNormal(let mu, let sigma, let q):
            return Self.quantize(exp(mu + sigma * Self.interiorNormalQuantile(u)), q)
        case .beta(let a, let b):
            return .double(SpecialFunctions.betaQuantile(u, a: a, b: b))
        case .qBeta(let a, let b, let q):
            return Self.quantize(SpecialFunctions.betaQuantile(u, a: a, b: b), q)
        }
    }

    /// W&B's normalization to [0, 1] (reference §2.4) for a value, nil when it cannot be mapped
    /// (not a permitted category, wrong type). Unlike W&B, falsy values are NOT treated as missing.
    ///
    /// Out-of-range numbers clamp to 0 or 1 as scipy's CDFs do; nil stands for W&B's NaN
    /// (such as the log of a negative number), which W&B drops from the GP data.
    public func cdf(_ value: JSONValue) -> Double? {
        switch self {
        case .constant(let constant):
            // W&B's CDF of a constant is 0 (constants are not dimensions of the search).
            return ValueKey(constant) == ValueKey(value) ? 0 : nil
        case .categorical(let values, let probabilities):
            let key = ValueKey(value)
            guard let i = values.firstIndex(where: { ValueKey($0) == key }) else { return nil }
            guard let probabilities else { return Double(i + 1) / Double(values.count) }
            // W&B crashes here. The midpoint of the value's probability interval maps back to the
            // same value through `quantile`, which (i+1)/n-style upper ends would not.
            var below = 0.0
            for p in probabilities.prefix(i) { below += p }
            let p = i < probabilities.count ? probabilities[i] : 0
            return Self.clamp01(below + p / 2)
        default:
            break
        }
        guard let x = value.number, !x.isNaN else { return nil }
        switch self {
        case .constant, .categorical:
            return nil
        case .intUniform(let lo, let hi):
            let n = Double(hi) - Double(lo) + 1
            return Self.clamp01((x.rounded(.down) - Double(lo) + 1) / n)
        case .uniform(let lo, let hi), .qUniform(let lo, let hi, _):
            return Self.clamp01((x - lo) / (hi - lo))
        case .logUniform(let lo, let hi), .qLogUniform(let lo, let hi, _):
            return Self.logCDF(x, lo: lo, hi: hi)
        case .logUniformValues(let lo, let hi), .qLogUniformValues(let lo, let hi, _),
             .invLogUniformValues(let lo, let hi):
            return Self.logCDF(x, lo: log(lo), hi: log(hi))
        case .invLogUniform(let lo, let hi):
            guard x >= 0 else { return nil }
            return 1 - Self.clamp01((log(1 / x) - lo) / (hi - lo))
        case .normal(let mu, let sigma), .qNormal(let mu, let sigma, _):
            return Self.normalCDF(x, mu: mu, sigma: sigma)
        case .logNormal(let mu, let sigma), .qLogNormal(let mu, let sigma, _):
            guard x > 0 else { return 0 }
            return Self.normalCDF(log(x), mu: mu, sigma: sigma)
        case .beta(let a, let b), .qBeta(let a, let b, _):
            let p = SpecialFunctions.betaCDF(x, a: a, b: b)
            return p.isNaN ? nil : p
        }
    }

    /// Index for u among n equally likely values: scipy's `randint.ppf`, i.e. `ceil(u·n) − 1`
    /// corrected down when rounding put u·n just above an integer; u = 0 clamps to 0 (W&B: −1).
    static func uniformIndex(_ u: Double, count n: Int) -> Int {
        if u <= 0 { return 0 }
        if u >= 1 { return n - 1 }
        let nd = Double(n)
        var k = (u * nd).rounded(.up) - 1
        if k >= 1 && k / nd >= u { k -= 1 }
        return Int(Swift.min(Swift.max(k, 0), nd - 1))
    }

    /// First index whose cumulative probability exceeds u; past the end (probabilities summing to
    /// slightly less than 1) it falls back to the last value that can be drawn at all.
    static func weightedIndex(_ u: Double, probabilities: [Double], count n: Int) -> Int {
        var total = 0.0
        for (i, p) in probabilities.prefix(n).enumerated() {
            total += p
            if total > u { return i }
        }
        return probabilities.prefix(n).lastIndex(where: { $0 > 0 }) ?? n - 1
    }

    static func intUniform(_ u: Double, lo: Int, hi: Int) -> Int {
        guard hi > lo else { return lo }
        let n = Double(hi) - Double(lo) + 1
        if u <= 0 { return lo }
        if u >= 1 { return hi }
        var k = (u * n).rounded(.up) - 1
        if k >= 1 && k / n >= u { k -= 1 }
        if k <= 0 { return lo }
        if k >= n - 1 { return hi }
        // The offset can exceed Int.max for ranges spanning most of Int; the sum lies in [lo, hi].
        return lo &+ Int(truncatingIfNeeded: UInt64(k))
    }

    static func logUniformValues(_ u: Double, lo: Double, hi: Double) -> Double {
        let a = log(lo), b = log(hi)
        return exp(a + u * (b - a))
    }

    /// `round(x/q)·q` with numpy's half-to-even rounding, an integer when q was written as one.
    static func quantize(_ x: Double, _ q: Quantum) -> JSONValue {
        let r = SpecialFunctions.roundHalfEven(x / q.step) * q.step
        if q.isInteger, r.isFinite, abs(r) < 0x1p63 { return .int(Int(r)) }
        return .double(r)
    }

    static func interiorNormalQuantile(_ u: Double) -> Double {
        let v = Swift.min(Swift.max(u, Double.leastNonzeroMagnitude), 1 - Double.ulpOfOne / 2)
        return SpecialFunctions.normalQuantile(v)
    }

    static func normalCDF(_ x: Double, mu: Double, sigma: Double) -> Double {
        // W&B yields NaN for sigma 0; the point mass's step function is the obvious meaning.
        if sigma == 0 { return x < mu ? 0 : 1 }
        return SpecialFunctions.normalCDF((x - mu) / sigma)
    }

    static func logCDF(_ x: Double, lo: Double, hi: Double) -> Double? {
        guard x >= 0 else { return nil }
        return clamp01((log(x) - lo) / (hi - lo))
    }

    static func clamp01(_ x: Double) -> Double {
        x.isNaN ? x : Swift.min(Swift.max(x, 0), 1)
    }
}
