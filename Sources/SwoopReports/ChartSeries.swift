/// A named line (or set of dots) of a chart; `color` nil picks the next colour of the palette.
public struct ChartSeries: Sendable, Hashable {
    public enum Style: String, Sendable, Hashable {
        /// Points joined by straight segments.
        case line
        /// Points joined by horizontal-then-vertical segments (best-so-far curves).
        case step
        /// Unjoined dots.
        case dots
    }

    public var name: String
    public var points: [ChartPoint]
    public var style: Style
    public var color: String?

    public init(name: String, points: [ChartPoint], style: Style = .line, color: String? = nil) {
        self.name = name
        self.points = points
        self.style = style
        self.color = color
    }
}
