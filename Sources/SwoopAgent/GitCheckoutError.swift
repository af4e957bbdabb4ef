import Foundation

/// Why a git job's code could not be checked out, naming the field, repository, revision or folder at fault.
public enum GitCheckoutError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A field of the job's git source is missing or malformed.
    case invalidField(String, value: String?, expected: String)
    /// `git` could not be started.
    case gitUnavailable(String)
    /// git could not fetch the revision from the repository.
    case fetchFailed(remote: String, revision: String, message: String)
    /// The checked-out commit is not the one asked for (an abbreviated commit that names another object).
    case commitMismatch(remote: String, revision: String, found: String)
    /// The commit's submodules could not be fetched.
    case submodulesFailed(remote: String, commit: String, message: String)
    /// The commit has no such folder.
    case noSuchFolder(path: String, remote: String, commit: String)

    public var description: String {
        switch self {
        case .invalidField(let field, let value, let expected):
            "git source: \(field)\(value.map { " '\($0)'" } ?? "") is not valid: expected \(expected)"
        case .gitUnavailable(let message):
            "git jobs need `git` on the agent's PATH: \(message)"
        case .fetchFailed(let remote, let revision, let message):
            "git could not fetch '\(revision)' from \(remote)" + (message.isEmpty ? "" : ": \(message)")
        case .commitMismatch(let remote, let revision, let found):
            "git: '\(revision)' in \(remote) resolved to commit \(found), which does not start with it"
        case .submodulesFailed(let remote, let commit, let message):
            "git could not fetch the submodules of commit \(commit) of \(remote)" + (message.isEmpty ? "" : ": \(message)")
        case .noSuchFolder(let path, let remote, let commit):
            "git: commit \(commit) of \(remote) has no folder '\(path)'"
        }
    }

    public var errorDescription: String? { description }
}
