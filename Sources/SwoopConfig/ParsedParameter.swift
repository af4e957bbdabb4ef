import SwoopModel

/// A parsed parameter leaf and the key path it was written at, for method-specific checks.
struct ParsedParameter {
    var spec: ParameterSpec
    var keyPath: String
}
