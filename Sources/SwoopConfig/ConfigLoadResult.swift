/// Outcome of loading a configuration: the config when usable, and every diagnostic.
public struct ConfigLoadResult: Sendable {
    /// The validated configuration; nil when any error was found.
    public var config: SweepConfig?
    /// Errors and warnings, in document order.
    public var diagnostics: [Diagnostic]

    public init(config: SweepConfig?, diagnostics: [Diagnostic]) {
        self.config = config
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var isValid: Bool { config != nil && errors.isEmpty }
}
