/// One page of a list; pass `nextCursor` to read the next one, nil means the list is done.
public struct Page<Item: Sendable & Codable>: Sendable, Codable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items; self.nextCursor = nextCursor
    }
}

extension Page: Equatable where Item: Equatable {}
