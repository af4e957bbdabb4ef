/// One dot of a scatter chart; `label` becomes its tooltip, `highlight` draws it emphasized.
public struct ScatterPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var label: String?
    public var highlight: Bool

    public init(x: Double, y: Double, label: String? = nil, highlight: Bool = false) {
        self.x = x
        self.y = y
        self.label = label
        self.highlight = highlight
    }
}
