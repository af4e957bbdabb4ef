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
        try await principal(digest: try KeyAuthority.digest(of: secret), replayKey: nil, now: now).principal
    }

    /// The principal for the key with this digest and, read with it, the answer stored under `replayKey`.
    func principal(digest: String, replayKey: String?, now: Date) async throws -> (principal: Principal, replay: Data?) {
        let credential = try await keys.authenticate(digest: digest, replayKey: replayKey, store: store, now: now)
        let key = credential.key
        switch key.scope {
        case .user:
            guard let user = credential.user else { throw APIError.unauthorized("user key without a user") }
            return (.user(user, key: key, memberships: credential.memberships), credential.replay)
        case .run:
            guard let run = key.runID else { throw APIError.unauthorized("run key without a run") }
            return (.run(run, key: key), credential.replay)
        case .agent:
            guard key.agentID != nil, let agent = credential.agent else { throw APIError.unauthorized("agent key without an agent") }
            return (.agent(agent, key: key), credential.replay)
        }
    }
}
