import Foundation

/// Left-aligned columns separated by two spaces, for the human form of list and describe output
/// (no header line when there are no headers: a field/value block).
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func add(_ cells: String...) { rows.append(cells) }

    func render() -> String {
        let columns = max(headers.count, rows.map(\.count).max() ?? 0)
        var widths = (0..<columns).map { $0 < headers.count ? headers[$0].count : 0 }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                let last = i == cells.count - 1
                text += last ? cell : cell.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
            }
            return text
        }
        return ((headers.isEmpty ? [] : [line(headers)]) + rows.map(line)).joined(separator: "\n")
    }
}

extension TextTable {
    /// A date as a table cell: UTC, to the second.
    static func cell(_ date: Date?) -> String {
        guard let date else { return "-" }
        return date.ISO8601Format()
    }
}
