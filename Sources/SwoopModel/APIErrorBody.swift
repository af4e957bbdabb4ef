/// The body of every API error: `{"error": {"code": "...", "message": "...", "field": "..."}}`.
public struct APIErrorBody: Sendable, Codable, Hashable {
    /// What went wrong; `field` names the request field (or path/query parameter) at fault, if one is.
    public struct Detail: Sendable, Codable, Hashable {
        public var code: String
        public var message: String
        public var field: String?
        public init(code: String, message: String, field: String?) {
            self.code = code; self.message = message; self.field = field
        }
    }

    public var error: Detail

    public init(code: String, message: String, field: String?) {
        error = Detail(code: code, message: message, field: field)
    }
}
