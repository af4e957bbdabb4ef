import Foundation
import SwoopModel

/// An API key and what every request made with it needs, read in one go by `Store.credential(hash:replayKey:)`.
///
/// A request used to read its key, then its agent or user and memberships, then its idempotency record,
/// each a separate trip to the database; under lease load those trips (and the thread hand-offs around
/// them) cost more than the lease itself.
public struct Credential: Sendable, Equatable {
    /// The key, usable or not: the caller checks `isUsable(at:)`.
    public var key: APIKeyRecord
    /// The key's user, for user-scoped keys.
    public var user: User?
    /// The user's memberships, for user-scoped keys.
    public var memberships: [Membership]
    /// The key's agent, for agent-scoped keys.
    public var agent: Agent?
    /// The stored answer for the request's idempotency key, when one was asked for and exists.
    public var replay: Data?

    public init(key: APIKeyRecord, user: User? = nil, memberships: [Membership] = [], agent: Agent? = nil, replay: Data? = nil) {
        self.key = key; self.user = user; self.memberships = memberships; self.agent = agent; self.replay = replay
    }
}
