/// Colours for charts: a categorical palette for series and a viridis-like ramp for metric values.
public enum ColorScale {
    /// Distinguishable series colours (Tableau 10).
    public static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    private static let ramp: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]

    /// The ramp colour at `t` in 0...1 (clamped): dark purple at 0, yellow at 1.
    public static func ramp(_ t: Double) -> String {
        let c = t.isFinite ? min(1, max(0, t)) : 0
        let pos = c * Double(ramp.count - 1)
        let i = min(ramp.count - 2, Int(pos))
        let f = pos - Double(i)
        let (a, b) = (ramp[i], ramp[i + 1])
        return hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] {
            let n = Int(min(255, max(0, v.rounded())))
            s.append(digits[n >> 4])
            s.append(digits[n & 15])
        }
        return s
    }
}
