/// A job as users write it: `name`, `project/name` or `entity/project/name`, each optionally with
/// `:alias` (`latest` when absent, `v3`, or a custom alias). Missing parts come from the context.
public struct JobReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var entity: String?
    public var project: String?
    public var name: String
    public var alias: String

    public init(entity: String? = nil, project: String? = nil, name: String, alias: String = JobAlias.latest) {
        self.entity = entity; self.project = project; self.name = name; self.alias = alias
    }

    /// Why a reference could not be read; the message quotes the text.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(parsing text: String) throws(ParseError) {
        var path = Substring(text)
        var alias = JobAlias.latest
        if let colon = text.lastIndex(of: ":") {
            alias = String(text[text.index(after: colon)...])
            path = text[..<colon]
            guard !alias.isEmpty else { throw ParseError(description: "job reference '\(text)' has an empty alias after ':'") }
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw ParseError(description: "job reference '\(text)' must be name, project/name or entity/project/name, with an optional :alias")
        }
        name = parts[parts.count - 1]
        project = parts.count >= 2 ? parts[parts.count - 2] : nil
        entity = parts.count == 3 ? parts[0] : nil
        self.alias = alias
    }

    /// The same reference with missing entity and project taken from the context.
    public func resolved(entity defaultEntity: String, project defaultProject: String) -> JobReference {
        JobReference(entity: entity ?? defaultEntity, project: project ?? defaultProject, name: name, alias: alias)
    }

    public var description: String {
        ([entity, project].compactMap { $0 } + [name]).joined(separator: "/") + ":" + alias
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do {
            self = try JobReference(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
