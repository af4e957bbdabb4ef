import Foundation
import SwoopModel

/// Loads sweep configurations from YAML or JSON and validates them the way W&B does.
public enum SweepConfigLoader {
    /// Reads the file; an unreadable or missing file is an error naming it.
    public static func load(path: String) -> ConfigLoadResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let why = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
                ? (isDir.boolValue ? "it is a directory, expected a YAML or JSON file" : "it exists but cannot be read (permissions?)")
                : "no such file"
            return ConfigLoadResult(config: nil, diagnostics: [
                Diagnostic(.error, file: path, keyPath: "", message: "cannot read the sweep configuration: \(why)"),
            ])
        }
        return parse([UInt8](data), file: path)
    }

    /// Parses YAML or JSON text: JSON when the first non-space character is `{`, YAML otherwise.
    public static func parse(_ bytes: [UInt8], file: String?) -> ConfigLoadResult {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let raw = Array(body)
        if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return documentError(file, "the file is empty; expected a mapping with at least `method` and `parameters`")
        }
        guard let text = String(validating: raw, as: UTF8.self) else {
            let offset = firstInvalidUTF8(raw)
            return documentError(file, "the file is not UTF-8 text (invalid byte 0x\(String(raw[offset], radix: 16, uppercase: true)) at byte \(offset + 1)); save it as UTF-8")
        }
        let first = raw.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if first == UInt8(ascii: "{") {
            do throws(JSONText.ParseError) {
                let doc = try JSONText.parse(raw)
                return parse(document: doc, file: file, sourceMap: nil)
            } catch {
                // A YAML flow mapping also starts with `{`; only if YAML fails too is it a JSON error.
                var reader = YAMLDocumentReader()
                if let doc = try? reader.read(text, bytes: raw) {
                    return finish(doc, file: file, reader: reader)
                }
                let (line, column) = lineColumn(ofByte: error.offset, in: raw)
                return ConfigLoadResult(config: nil, diagnostics: [
                    Diagnostic(.error, file: file, keyPath: "", line: line, column: column, message: "not valid JSON: \(error.message)"),
                ])
            }
        }
        var reader = YAMLDocumentReader()
        do throws(YAMLDocumentReader.Failure) {
            let doc = try reader.read(text, bytes: raw)
            return finish(doc, file: file, reader: reader)
        } catch {
            return ConfigLoadResult(config: nil, diagnostics: [
                Diagnostic(.error, file: file, keyPath: error.keyPath, line: error.line, column: error.column, message: error.message),
            ])
        }
    }

    /// Validates an already-parsed document (as a server receives it); diagnostics carry no lines.
    public static func parse(document: JSONValue, file: String?) -> ConfigLoadResult {
        parse(document: document, file: file, sourceMap: nil)
    }

    private static func finish(_ doc: JSONValue, file: String?, reader: YAMLDocumentReader) -> ConfigLoadResult {
        var diags = DiagnosticCollector(file: file, sourceMap: reader.sourceMap)
        for w in reader.warnings { diags.warning(w.path, w.message) }
        return validate(doc, diags: &diags)
    }

    static func parse(document: JSONValue, file: String?, sourceMap: SourceMap?) -> ConfigLoadResult {
        var diags = DiagnosticCollector(file: file, sourceMap: sourceMap)
        return validate(document, diags: &diags)
    }

    private static func validate(_ doc: JSONValue, diags: inout DiagnosticCollector) -> ConfigLoadResult {
        let config = SweepConfigValidator.validate(doc, diags: &diags)
        return ConfigLoadResult(config: diags.hasErrors ? nil : config, diagnostics: diags.sorted())
    }

    private static func documentError(_ file: String?, _ message: String) -> ConfigLoadResult {
        ConfigLoadResult(config: nil, diagnostics: [Diagnostic(.error, file: file, keyPath: "", message: message)])
    }

    /// Offset of the first byte that breaks UTF-8, for the message only (overlong forms not checked).
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if length == 0 || i + length > bytes.count { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return 0
    }

    private static func lineColumn(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var column = 1
        for b in bytes.prefix(offset) {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}
