import Foundation
import Logging
import SwoopClient
import SwoopModel

/// Asks the server about all of an agent's runs in one request per round (per 200 runs) instead of one
/// request per run, and stops each run the answer names: an agent with hundreds of Slurm jobs in flight
/// would otherwise poll the server hundreds of times a second. Rounds run while any run is watched; a
/// round that fails (the server away) is tried again at the next one.
///
/// Two kinds are used: stop requests (`StopRequestRounds`) and lease renewals (`LeaseRenewalRounds`).
public actor RunRounds<Question: Hashable & Sendable> {
    /// Which of the questions call for stopping their run, each with a line for the agent's log (or nil).
    public typealias Ask = @Sendable ([Question]) async throws -> [(question: Question, note: String?)]

    private let interval: Duration
    private let reason: RunHandle.StopReason
    private let ask: Ask
    private let logger: Logger
    private var watched: [Int: (question: Question, handle: RunHandle)] = [:]
    private var nextWatch = 0
    private var running = false

    /// One execution's place in the rounds, from `watch` to `forget`. Two executions may ask the same
    /// question (a resumed scheduler's run has its sweep's id; a requeued run can start again on the same
    /// agent while its last execution ends), so the place, not the question, is what is forgotten.
    public struct Watch: Hashable, Sendable { let id: Int }

    /// Rounds every `interval`; a run the answer names is stopped for `reason`.
    public init(interval: Duration, stopping reason: RunHandle.StopReason, logger: Logger, ask: @escaping Ask) {
        self.interval = interval; self.reason = reason; self.logger = logger; self.ask = ask
    }

    /// Asks about `question` every round until the watch is forgotten or its run is stopped.
    public func watch(_ question: Question, handle: RunHandle) -> Watch {
        nextWatch += 1
        watched[nextWatch] = (question, handle)
        if !running {
            running = true
            Task { await self.rounds() }
        }
        return Watch(id: nextWatch)
    }

    public func forget(_ watch: Watch) { watched[watch.id] = nil }

    private func rounds() async {
        while !watched.isEmpty {
            try? await Task.sleep(for: interval)
            let questions = Array(Set(watched.values.map(\.question)))
            if questions.isEmpty { break }
            do {
                for (question, note) in try await ask(questions) {
                    // Watches forgotten while the round was out (their runs ended) have nothing to stop.
                    let named = watched.filter { $0.value.question == question }
                    if let note, !named.isEmpty { logger.warning("\(note); stopping its run") }
                    for (id, entry) in named {
                        watched[id] = nil
                        await entry.handle.stop(reason)
                    }
                }
            } catch {
                logger.warning("could not ask about \(questions.count) run(s): \(error)")
            }
        }
        running = false
    }
}

/// The runs someone asked to stop (`GET /agents/{agent}/stop-requests`), every `--stop-poll` interval.
public typealias StopRequestRounds = RunRounds<RunID>

/// The leases of the agent's items (`POST /agents/{agent}/leases/renew`), every `leaseSeconds / 3`.
public typealias LeaseRenewalRounds = RunRounds<LeaseHolder>

extension RunRounds where Question == RunID {
    /// The agent's batched poll of its runs' stop requests.
    public static func stopRequests(agent: AgentID, client: SwoopClient, interval: Duration, logger: Logger) -> StopRequestRounds {
        StopRequestRounds(interval: interval, stopping: .requested, logger: logger) { runs in
            try await client.stopRequests(agent: agent, runs: runs).map { ($0, nil) }
        }
    }

    /// Without an agent (`swoop launch --local`, one run): each run is read by itself.
    public static func stopRequests(client: SwoopClient, interval: Duration, logger: Logger) -> StopRequestRounds {
        StopRequestRounds(interval: interval, stopping: .requested, logger: logger) { runs in
            var stopped: [(question: RunID, note: String?)] = []
            for id in runs where try await client.run(id: id).stopRequestedAt != nil { stopped.append((id, nil)) }
            return stopped
        }
    }
}

extension RunRounds where Question == LeaseHolder {
    /// The agent's batched renewal of its items' leases; a lease the server lists as lost stops its run.
    public static func leaseRenewals(agent: AgentID, client: SwoopClient, leaseSeconds: Int, logger: Logger) -> LeaseRenewalRounds {
        LeaseRenewalRounds(interval: .seconds(max(1, leaseSeconds / 3)), stopping: .leaseLost, logger: logger) { leases in
            let lost = try await client.renewLeases(agent: agent, leases: leases, leaseSeconds: leaseSeconds).lost
            let reasons = Dictionary(lost.map { ($0.item, $0.reason) }, uniquingKeysWith: { first, _ in first })
            return leases.compactMap { lease in reasons[lease.item].map { (lease, $0) } }
        }
    }
}
