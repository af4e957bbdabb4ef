import ArgumentParser
import Foundation
import SwoopConfig

/// `swoop sweep validate FILE...`: checks sweep configurations without running anything.
struct SweepValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check sweep configuration files (YAML or JSON) and print every problem found.",
        discussion: """
            Prints each diagnostic as FILE:LINE:COLUMN: SEVERITY: KEY.PATH: MESSAGE, then one summary \
            line per file. Exits 0 when every file is valid, 1 when any file is invalid, 2 when no \
            file is given.
            """
    )

    @Argument(help: "Sweep configuration files to check.")
    var files: [String] = []

    func run() async throws {
        if files.isEmpty {
            FileHandle.standardError.write(Data("error: give at least one sweep configuration file, e.g. swoop sweep validate sweep.yaml\n".utf8))
            throw ExitCode(2)
        }
        var allValid = true
        for file in files {
            let result = SweepConfigLoader.load(path: file)
            for diagnostic in result.diagnostics {
                print(diagnostic.description)
            }
            print(Self.summary(file: file, result))
            allValid = allValid && result.isValid
        }
        if !allValid { throw ExitCode(1) }
    }

    /// `sweep.yaml: valid (2 warnings)` or `sweep.yaml: invalid (3 errors)`.
    static func summary(file: String, _ result: ConfigLoadResult) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if result.isValid {
            return result.warnings.isEmpty ? "\(file): valid" : "\(file): valid (\(count(result.warnings.count, "warning")))"
        }
        var parts = [count(result.errors.count, "error")]
        if !result.warnings.isEmpty { parts.append(count(result.warnings.count, "warning")) }
        return "\(file): invalid (\(parts.joined(separator: ", ")))"
    }
}
