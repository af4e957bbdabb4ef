import ArgumentParser
import Foundation
import SwoopClient
import SwoopConfig

/// A failure the user can act on: printed as `error: MESSAGE` on standard error, then the command
/// exits with `status` (2 for bad arguments and the files they name, 1 for everything else).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    let status: Int32

    init(_ message: String, status: Int32 = 1) {
        description = message
        self.status = status
    }

    /// A problem with the command line or a file it names: exit status 2, like ArgumentParser's own.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message, status: 2) }

    /// Runs a command body, turning failures into one readable line and an exit status.
    static func reporting(baseURL: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            Stderr.line("error: \(failure.description)")
            throw ExitCode(failure.status)
        } catch let diagnostic as Diagnostic {
            Stderr.line("error: \(diagnostic.description)")
            throw ExitCode(2)
        } catch let error as SwoopClientError {
            Stderr.line("error: \(message(for: error, baseURL: baseURL))")
            throw ExitCode(1)
        }
    }

    static func message(for error: SwoopClientError, baseURL: String) -> String {
        switch error {
        case .transport(let reason):
            return "cannot reach the Swoop server at \(baseURL) (\(reason)); start one with `swoop server` or set --base-url / SWOOP_BASE_URL"
        case .server(401, _, let message, _):
            return "the server at \(baseURL) refused the API key (\(message)); pass --api-key or set SWOOP_API_KEY"
        case .server(403, _, let message, _):
            return "not allowed: \(message)"
        case .server(_, _, let message, let field):
            return message + (field.map { " (field \($0))" } ?? "")
        case .badResponse, .invalidArgument:
            return error.description
        }
    }
}
