import Foundation

/// An `application/x-www-form-urlencoded` body (what HTML forms post).
struct FormBody: Sendable {
    private(set) var fields: [String: String] = [:]

    init(fields: [String: String]) { self.fields = fields }

    init(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if fields[key] == nil { fields[key] = value }
        }
    }

    private static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }

    subscript(_ key: String) -> String? { fields[key] }

    /// A trimmed, non-empty value, or nil.
    func value(_ key: String) -> String? {
        guard let v = fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }
}
