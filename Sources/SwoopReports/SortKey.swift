/// A table cell's sort value: numbers before text when a column mixes both.
enum SortKey: Comparable, Sendable {
    case number(Double)
    case text(String)
}
