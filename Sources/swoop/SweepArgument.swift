import ArgumentParser
import SwoopClient
import SwoopModel

/// The `ID` argument of the `swoop sweep` commands: checked, and a client error turned into one line.
enum SweepArgument {
    /// Runs `body` with the parsed sweep id; a malformed id exits 2, a server error 1.
    static func with(_ raw: String, _ body: (SweepID) async throws -> Void) async throws {
        let id = SweepID(raw)
        guard id.isWellFormed else {
            Stderr.line("error: '\(raw)' is not a well-formed sweep id")
            throw ExitCode(2)
        }
        do { try await body(id) } catch let e as SwoopClientError {
            Stderr.line("error: sweep \(raw): \(e)")
            throw ExitCode(1)
        }
    }
}
