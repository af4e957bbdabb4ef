import Foundation
import Logging
import SwoopClient
import SwoopModel

/// Finds the runs someone asked to stop, for all of an agent's runs at once: one request per interval
/// (per 200 runs) instead of one per run, so an agent with hundreds of Slurm jobs in flight does not
/// poll the server hundreds of times a second. A run's handle is stopped the first time it shows up.
public actor StopRequestWatcher {
    /// Which of the given runs have a stop request.
    public typealias Fetch = @Sendable ([RunID]) async throws -> [RunID]

    private let interval: Duration
    private let fetch: Fetch
    private let logger: Logger
    private var watched: [RunID: RunHandle] = [:]
    private var polling = false

    public init(interval: Duration, logger: Logger, fetch: @escaping Fetch) {
        self.interval = interval; self.logger = logger; self.fetch = fetch
    }

    /// The agent's batched poll (`GET /agents/{agent}/stop-requests`).
    public static func agent(_ agent: AgentID, client: SwoopClient, interval: Duration, logger: Logger) -> StopRequestWatcher {
        StopRequestWatcher(interval: interval, logger: logger) { runs in try await client.stopRequests(agent: agent, runs: runs) }
    }

    /// Without an agent (`swoop launch --local`, one run): each run is read by itself.
    public static func perRun(client: SwoopClient, interval: Duration, logger: Logger) -> StopRequestWatcher {
        StopRequestWatcher(interval: interval, logger: logger) { runs in
            var stopped: [RunID] = []
            for id in runs where try await client.run(id: id).stopRequestedAt != nil { stopped.append(id) }
            return stopped
        }
    }

    /// Stops `handle` once `run` has a stop request, until `forget(run)`.
    public func watch(_ run: RunID, handle: RunHandle) {
        watched[run] = handle
        if !polling {
            polling = true
            Task { await self.poll() }
        }
    }

    public func forget(_ run: RunID) { watched[run] = nil }

    /// Runs while anything is watched; a failed poll is tried again at the next interval.
    private func poll() async {
        while !watched.isEmpty {
            try? await Task.sleep(for: interval)
            let runs = Array(watched.keys)
            if runs.isEmpty { break }
            do {
                for run in try await fetch(runs) {
                    if let handle = watched.removeValue(forKey: run) { await handle.stop(.requested) }
                }
            } catch {
                logger.debug("could not poll stop requests: \(error)")
            }
        }
        polling = false
    }
}
