import SwoopModel

/// One field of a JSON request body: the route table declares them, requests are checked against them
/// (unknown, missing and mistyped fields are refused by name), and the OpenAPI document is written from them.
public struct FieldSpec: Sendable {
    public var name: String
    public var type: FieldType
    public var required: Bool
    public var doc: String

    public init(_ name: String, _ type: FieldType, required: Bool = false, _ doc: String = "") {
        self.name = name; self.type = type; self.required = required; self.doc = doc
    }

    static func required(_ name: String, _ type: FieldType, _ doc: String = "") -> FieldSpec {
        FieldSpec(name, type, required: true, doc)
    }
}
