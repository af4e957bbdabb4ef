import Foundation

/// Why a code folder could not be packed or an archive could not be unpacked, in words that name
/// the folder, the entry or the tool at fault.
public enum CodeArchiveError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case notADirectory(String)
    case unsafeEntry(String)
    case malformed(String)
    case toolFailed(tool: String, status: String, message: String)
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .notADirectory(let path):
            "code folder \(path) does not exist or is not a folder"
        case .unsafeEntry(let problem):
            "code archive refused: \(problem)"
        case .malformed(let problem):
            "code archive is not a valid tar.gz: \(problem)"
        case .toolFailed(let tool, let status, let message):
            message.isEmpty ? "\(tool) failed (\(status))" : "\(tool) failed (\(status)): \(message)"
        case .tooLarge(let limit):
            "code archive is larger than \(limit / (1 << 20)) MiB"
        }
    }

    public var errorDescription: String? { description }
}
