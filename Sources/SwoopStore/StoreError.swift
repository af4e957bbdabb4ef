import SwoopModel

/// Why a store call was refused; the server maps each case to an HTTP status (404, 409, 409, 409, 400).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `kind` record with that id or name.
    case notFound(kind: String, id: String)
    /// The write clashes with stored data: a duplicate name, a stale version, a lease held by someone else.
    case conflict(kind: String, id: String, reason: String)
    /// The record's state machine does not allow `from -> to`.
    case illegalTransition(kind: String, id: String, from: String, to: String)
    /// A write made on behalf of a queue item's lease that the writer no longer holds (expired, or re-leased).
    case leaseLost(item: String, reason: String)
    /// An argument is malformed or out of range.
    case invalid(field: String, reason: String)
    /// The database failed in a way the caller cannot fix (connection lost, disk full); the message is the driver's.
    case backend(String)

    public var description: String {
        switch self {
        case .notFound(let kind, let id): return "\(kind) '\(id)' not found"
        case .conflict(let kind, let id, let reason): return "\(kind) '\(id)': \(reason)"
        case .illegalTransition(let kind, let id, let from, let to):
            return "\(kind) '\(id)' cannot go from \(from) to \(to)"
        case .leaseLost(let item, let reason): return "lease lost: item '\(item)' \(reason)"
        case .invalid(let field, let reason): return "invalid \(field): \(reason)"
        case .backend(let message): return "database error: \(message)"
        }
    }

    static func notFound<K>(_ id: Identifier<K>) -> StoreError {
        .notFound(kind: K.name, id: id.rawValue)
    }

    static func illegal<S: LifecycleState>(_ id: String, _ from: S, _ to: S) -> StoreError {
        .illegalTransition(kind: S.machineName, id: id, from: from.rawValue, to: to.rawValue)
    }
}
