import Foundation
import Logging
import SwoopModel
import SwoopStore

/// What every route handler may use: the store, the blob folder, the notifier, metrics and settings.
public struct ServerEnvironment: Sendable {
    public let store: any Store
    public let blobs: BlobStore
    public let notifier: ChangeNotifier
    public let metrics: ServerMetrics
    public let configuration: ServerConfiguration
    public let keys: KeyAuthority
    let inFlight = InFlightKeys()
    public let logger: Logger
    /// Owner of the keys made while authentication is off (runs and agents still get tokens then).
    public let localUser: UserID?

    public init(
        store: any Store, blobs: BlobStore, configuration: ServerConfiguration, logger: Logger,
        localUser: UserID? = nil, notifier: ChangeNotifier = ChangeNotifier(), metrics: ServerMetrics = ServerMetrics()
    ) {
        self.localUser = localUser
        self.store = store; self.blobs = blobs; self.configuration = configuration; self.logger = logger
        self.notifier = notifier; self.metrics = metrics; self.keys = KeyAuthority()
    }

    /// Wakes long-polls on the run's sweep (if it has one).
    func runChanged(_ run: Run) async {
        if let s = run.sweepID { await notifier.signal(ChangeNotifier.sweepTopic(s)) }
    }

    func queueChanged(_ queue: QueueID) async {
        await notifier.signal(ChangeNotifier.queueTopic(queue))
    }

    /// Who holds `secret` (an API key), or a 401 naming why nobody: the API's bearer check, also used
    /// by the web app for the key inside its session cookie.
    public func principal(apiKey secret: String, now: Date) async throws -> Principal {
        let key = try await keys.authenticate(secret, store: store, now: now)
        switch key.scope {
        case .user:
            let user = try await store.user(id: key.userID)
            return .user(user, key: key, memberships: try await store.memberships(user: user.id))
        case .run:
            guard let run = key.runID else { throw APIError.unauthorized("run key without a run") }
            return .run(run, key: key)
        case .agent:
            guard let agentID = key.agentID else { throw APIError.unauthorized("agent key without an agent") }
            return .agent(try await store.agent(id: agentID), key: key)
        }
    }
}
