/// The kind of record an `Identifier` names; its `name` appears in errors ("run 'abc' not found").
public protocol IdentifierKind: Sendable {
    static var name: String { get }
}
