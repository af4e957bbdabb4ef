import Foundation
import SwoopConfig
import SwoopModel

/// The part of a launch spec a `swoop launch --config FILE` may set (reference §4.4 `-c`): the
/// overrides, the resource args and the run name. W&B's snake_case keys are read too.
struct LaunchFragment {
    var args: [String]?
    var runConfig: [String: JSONValue]?
    var entryPoint: [String]?
    var resourceArgs: [String: JSONValue]?
    var name: String?

    static let topKeys = ["overrides", "resourceArgs", "resource_args", "name"]
    static let overrideKeys = ["args", "runConfig", "run_config", "entryPoint", "entry_point"]

    /// Reads the file; every error names the file, the key and (for YAML) the line.
    static func load(path: String) throws(Diagnostic) -> LaunchFragment {
        let document = try ConfigDocument.load(path: path, what: "launch config")
        return try read(document)
    }

    static func read(_ document: ConfigDocument) throws(Diagnostic) -> LaunchFragment {
        guard case .object(let top) = document.value else {
            throw document.error(at: "", "a launch config is a mapping with \(topKeys.joined(separator: ", ")), found \(document.value.typeName)")
        }
        var fragment = LaunchFragment()
        for (key, value) in top.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "name":
                guard case .string(let name) = value else { throw document.error(at: key, "expected a string, found \(value.typeName)") }
                fragment.name = name
            case "resourceArgs", "resource_args":
                fragment.resourceArgs = try mapping(value, at: key, in: document)
            case "overrides":
                let overrides = try mapping(value, at: key, in: document)
                for (k, v) in overrides.sorted(by: { $0.key < $1.key }) {
                    let path = key + "." + k
                    switch k {
                    case "args": fragment.args = try words(v, at: path, in: document)
                    case "runConfig", "run_config": fragment.runConfig = try mapping(v, at: path, in: document)
                    case "entryPoint", "entry_point":
                        if case .string(let text) = v {
                            do {
                                fragment.entryPoint = try ShellWords.split(text)
                            } catch {
                                throw document.error(at: path, error.description)
                            }
                        } else {
                            fragment.entryPoint = try words(v, at: path, in: document)
                        }
                    default:
                        throw document.error(at: path, "unknown key '\(k)'; overrides may hold \(overrideKeys.joined(separator: ", "))")
                    }
                }
            default:
                throw document.error(at: key, "unknown key '\(key)'; a launch config may hold \(topKeys.joined(separator: ", "))")
            }
        }
        return fragment
    }

    private static func mapping(_ value: JSONValue, at path: String, in document: ConfigDocument) throws(Diagnostic) -> [String: JSONValue] {
        guard case .object(let object) = value else {
            throw document.error(at: path, "expected a mapping, found \(value.typeName)")
        }
        return object
    }

    /// A list of arguments; numbers are taken as written, since YAML reads `- 5` as one.
    private static func words(_ value: JSONValue, at path: String, in document: ConfigDocument) throws(Diagnostic) -> [String] {
        guard case .array(let items) = value else {
            throw document.error(at: path, "must be a list of strings, found \(value.typeName)")
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            switch item {
            case .string(let s): out.append(s)
            case .int(let n): out.append(String(n))
            case .double(let d): out.append(String(d))
            default: throw document.error(at: "\(path)[\(i)]", "expected a string, found \(item.typeName)")
            }
        }
        return out
    }
}
