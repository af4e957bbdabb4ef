import SwoopModel

extension JSONValue {
    /// Integers as written, told apart from floats (W&B infers int_uniform from them).
    var isInt: Bool {
        if case .int = self { return true }
        return false
    }
}
