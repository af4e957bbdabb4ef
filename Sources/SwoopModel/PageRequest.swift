/// Where a list read starts and how much it returns; limits are clamped to `1...maxLimit`.
public struct PageRequest: Sendable, Codable, Hashable {
    public var cursor: String?
    public var limit: Int

    public static let defaultLimit = 100
    public static let maxLimit = 1000

    public init(cursor: String? = nil, limit: Int = PageRequest.defaultLimit) {
        self.cursor = cursor; self.limit = limit
    }

    public var clampedLimit: Int { min(max(limit, 1), PageRequest.maxLimit) }

    public static let first = PageRequest()
}
