import Foundation

/// A typed record id: a URL-safe random string whose `Kind` keeps run ids apart from sweep ids at compile time.
public struct Identifier<Kind: IdentifierKind>: Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral, Comparable
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Lower-case base-36 like W&B run ids, so ids are safe in URLs, paths and shell commands alike.
    public static func random(length: Int = 12) -> Identifier {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        // A leading letter keeps ids valid as identifiers in every consumer (env vars, k8s names).
        var s = String(alphabet[Int.random(in: 0..<26, using: &g)])
        for _ in 1..<length { s.append(alphabet[Int.random(in: 0..<alphabet.count, using: &g)]) }
        return Identifier(s)
    }

    /// True for non-empty ids made only of URL-safe characters; the store rejects anything else.
    public var isWellFormed: Bool {
        !rawValue.isEmpty && rawValue.count <= 128
            && rawValue.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }

    public var description: String { rawValue }

    public static func < (a: Identifier, b: Identifier) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
