/// How values map to positions along an axis.
public enum AxisScale: String, Sendable, Hashable {
    case linear
    /// Base-10 logarithmic; values at or below zero are left out of the chart.
    case log
}
