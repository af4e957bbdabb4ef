import Foundation

/// Maps a data domain onto a pixel range, linearly or on a log scale, and proposes tick values.
struct ScaleMap: Sendable {
    var lo: Double
    var hi: Double
    var scale: AxisScale
    var from: Double
    var to: Double

    /// A scale whose domain covers `values` (finite ones; positive ones on a log scale), padded when flat.
    init(values: [Double], scale: AxisScale, from: Double, to: Double) {
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        var lo = usable.min() ?? (scale == .log ? 1 : 0)
        var hi = usable.max() ?? (scale == .log ? 10 : 1)
        if lo == hi {
            if scale == .log { lo /= 2; hi *= 2 } else { let pad = lo == 0 ? 1 : lo.magnitude * 0.1; lo -= pad; hi += pad }
        }
        self.lo = lo
        self.hi = hi
        self.scale = scale
        self.from = from
        self.to = to
    }

    init(lo: Double, hi: Double, scale: AxisScale, from: Double, to: Double) {
        self.lo = lo
        self.hi = hi
        self.scale = scale
        self.from = from
        self.to = to
    }

    /// True when `v` can be drawn (finite; positive on a log scale).
    func accepts(_ v: Double) -> Bool { v.isFinite && (scale == .linear || v > 0) }

    func callAsFunction(_ v: Double) -> Double {
        let t: Double
        switch scale {
        case .linear: t = (v - lo) / (hi - lo)
        case .log: t = (Foundation.log10(v) - Foundation.log10(lo)) / (Foundation.log10(hi) - Foundation.log10(lo))
        }
        return from + (to - from) * t
    }

    /// About `count` round tick values inside the domain: powers of ten on a log scale spanning at least
    /// two decades, otherwise 1-2-5 steps.
    func ticks(count: Int = 5) -> [Double] {
        if scale == .log {
            let a = Foundation.log10(lo), b = Foundation.log10(hi)
            if b - a >= 2 {
                let stride = max(1, Int(((b - a) / Double(count)).rounded(.up)))
                var out: [Double] = []
                var e = Int(a.rounded(.up))
                while Double(e) <= b + 1e-9 {
                    out.append(Foundation.pow(10, Double(e)))
                    e += stride
                }
                return out
            }
            return Self.linearTicks(lo: lo, hi: hi, count: count).filter { $0 > 0 }
        }
        return Self.linearTicks(lo: lo, hi: hi, count: count)
    }

    static func linearTicks(lo: Double, hi: Double, count: Int) -> [Double] {
        let span = hi - lo
        guard span > 0, span.isFinite else { return [lo] }
        let raw = span / Double(max(1, count))
        let mag = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var out: [Double] = []
        var v = Foundation.ceil(lo / step) * step
        while v <= hi + step * 1e-9, out.count < 50 {
            out.append(v.magnitude < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }
}
