/// Accumulates SVG elements; every text and attribute it is given passes through `Escape.xml`.
struct SVGCanvas: Sendable {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
        body.reserveCapacity(4096)
    }

    private static func c(_ v: Double) -> String { NumberFormat.coordinate(v) }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil) {
        body += "<line x1=\"\(Self.c(x1))\" y1=\"\(Self.c(y1))\" x2=\"\(Self.c(x2))\" y2=\"\(Self.c(y2))\" stroke=\"\(Escape.xml(stroke))\""
        if width != 1 { body += " stroke-width=\"\(Self.c(width))\"" }
        if let dash { body += " stroke-dasharray=\"\(Escape.xml(dash))\"" }
        body += "/>"
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ x: Double, _ y: Double, _ text: String, anchor: Anchor = .start, rotate: Double? = nil,
                       size: Double? = nil, bold: Bool = false, fill: String? = nil) {
        body += "<text x=\"\(Self.c(x))\" y=\"\(Self.c(y))\""
        if anchor != .start { body += " text-anchor=\"\(anchor.rawValue)\"" }
        if let rotate { body += " transform=\"rotate(\(Self.c(rotate)) \(Self.c(x)) \(Self.c(y)))\"" }
        if let size { body += " font-size=\"\(Self.c(size))\"" }
        if bold { body += " font-weight=\"bold\"" }
        if let fill { body += " fill=\"\(Escape.xml(fill))\"" }
        body += ">\(Escape.xml(text))</text>"
    }

    /// A polyline through `points` (already in pixels); nothing for fewer than two points.
    mutating func path(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, opacity: Double? = nil,
                       title: String? = nil) {
        guard points.count >= 2 else { return }
        var d = ""
        d.reserveCapacity(points.count * 12)
        for (i, p) in points.enumerated() {
            d += i == 0 ? "M" : "L"
            d += Self.c(p.0)
            d += ","
            d += Self.c(p.1)
        }
        body += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(Escape.xml(stroke))\" stroke-width=\"\(Self.c(width))\""
        if let opacity { body += " stroke-opacity=\"\(opacityText(opacity))\"" }
        if let title {
            body += "><title>\(Escape.xml(title))</title></path>"
        } else {
            body += "/>"
        }
    }

    /// A dot; `fill` nil inherits the enclosing group's fill (many dots in one group keep the SVG small).
    mutating func circle(_ cx: Double, _ cy: Double, r: Double, fill: String?, opacity: Double? = nil,
                         stroke: String? = nil, title: String? = nil) {
        body += "<circle cx=\"\(Self.c(cx))\" cy=\"\(Self.c(cy))\" r=\"\(Self.c(r))\""
        if let fill { body += " fill=\"\(Escape.xml(fill))\"" }
        if let opacity { body += " fill-opacity=\"\(opacityText(opacity))\"" }
        if let stroke { body += " stroke=\"\(Escape.xml(stroke))\"" }
        if let title {
            body += "><title>\(Escape.xml(title))</title></circle>"
        } else {
            body += "/>"
        }
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, title: String? = nil) {
        body += "<rect x=\"\(Self.c(x))\" y=\"\(Self.c(y))\" width=\"\(Self.c(max(0, w)))\" height=\"\(Self.c(max(0, h)))\" fill=\"\(Escape.xml(fill))\""
        if let title {
            body += "><title>\(Escape.xml(title))</title></rect>"
        } else {
            body += "/>"
        }
    }

    /// Opens a `<g>` whose fill and opacity its children inherit; close it with `endGroup()`.
    mutating func beginGroup(fill: String, opacity: Double) {
        body += "<g fill=\"\(Escape.xml(fill))\" fill-opacity=\"\(opacityText(opacity))\">"
    }

    mutating func endGroup() { body += "</g>" }

    private func opacityText(_ o: Double) -> String {
        let hundredths = Int((min(1, max(0, o)) * 100).rounded())
        return hundredths == 100 ? "1" : "0." + (hundredths < 10 ? "0" : "") + String(hundredths)
    }

    /// The whole `<svg>` element: sized by a viewBox so the page can scale it, titled for screen readers.
    func finish(title: String, kind: String) -> String {
        let w = Self.c(width), h = Self.c(height)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swoop-chart swoop-chart-\(Escape.xml(kind))\" "
            + "viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" role=\"img\" aria-label=\"\(Escape.xml(title))\" "
            + "font-family=\"sans-serif\" font-size=\"11\"><title>\(Escape.xml(title))</title>"
            + "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>"
            + body + "</svg>"
    }
}
