/// Gathers diagnostics for one document, filling in the file and the source position of the key path.
struct DiagnosticCollector {
    let file: String?
    let sourceMap: SourceMap?
    private(set) var items: [Diagnostic] = []

    init(file: String?, sourceMap: SourceMap?) {
        self.file = file
        self.sourceMap = sourceMap
    }

    var hasErrors: Bool { errorCount > 0 }
    var errorCount: Int { items.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }

    mutating func error(_ path: String, _ message: String, atKey: Bool = false) {
        add(.error, path, message, atKey: atKey)
    }

    mutating func warning(_ path: String, _ message: String, atKey: Bool = false) {
        add(.warning, path, message, atKey: atKey)
    }

    mutating func add(_ severity: Diagnostic.Severity, _ path: String, _ message: String, atKey: Bool) {
        let pos = sourceMap?.position(of: path, preferKey: atKey)
        items.append(Diagnostic(severity, file: file, keyPath: path, line: pos?.line, column: pos?.column,
                                message: message))
    }

    mutating func append(_ diagnostics: [Diagnostic]) {
        items.append(contentsOf: diagnostics)
    }

    /// Document order: by position when known; checks run in a fixed order, so ties keep it.
    func sorted() -> [Diagnostic] {
        items.enumerated().sorted { l, r in
            let a = (l.element.line ?? Int.max, l.element.column ?? 0)
            let b = (r.element.line ?? Int.max, r.element.column ?? 0)
            if a != b { return a < b }
            return l.offset < r.offset
        }.map(\.element)
    }
}
