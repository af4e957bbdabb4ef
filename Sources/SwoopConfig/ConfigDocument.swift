import Foundation
import SwoopModel

/// A JSON or YAML settings file (a queue's resource config, a launch-spec fragment) read into a
/// `JSONValue`, remembering where each key was written so errors can name file, line and key.
public struct ConfigDocument: Sendable {
    public let value: JSONValue
    public let file: String
    let sourceMap: SourceMap

    /// Reads and parses the file; JSON is read as the YAML it also is. `what` names the file's role
    /// in messages ("launch config").
    public static func load(path: String, what: String) throws(Diagnostic) -> ConfigDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let why = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                ? (isDirectory.boolValue ? "it is a folder, expected a JSON or YAML file" : "it cannot be read (permissions?)")
                : "no such file"
            throw Diagnostic(.error, file: path, keyPath: "", message: "cannot read the \(what): \(why)")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Diagnostic(.error, file: path, keyPath: "", message: "the \(what) is not UTF-8 text")
        }
        if text.allSatisfy(\.isWhitespace) {
            throw Diagnostic(.error, file: path, keyPath: "", message: "the \(what) is empty; expected a mapping")
        }
        var reader = YAMLDocumentReader()
        do throws(YAMLDocumentReader.Failure) {
            let value = try reader.read(text, bytes: bytes)
            return ConfigDocument(value: value, file: path, sourceMap: reader.sourceMap)
        } catch {
            throw Diagnostic(.error, file: path, keyPath: error.keyPath, line: error.line, column: error.column, message: error.message)
        }
    }

    /// An error about one key of this document, located at the key (or its nearest written ancestor).
    public func error(at keyPath: String, _ message: String) -> Diagnostic {
        let position = sourceMap.position(of: keyPath, preferKey: true)
        return Diagnostic(.error, file: file, keyPath: keyPath, line: position?.line, column: position?.column, message: message)
    }
}

extension Diagnostic: Error {}
