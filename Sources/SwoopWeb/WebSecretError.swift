/// The session secret file could not be read or made.
public struct WebSecretError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
