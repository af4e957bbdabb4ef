import Testing
@testable import SwoopModel

/// The full transition tables, written out: every pair not listed must be refused.
@Suite struct TransitionTableTests {
    static let runAllowed: Set<String> = [
        "queued>starting", "queued>running", "queued>stopped", "queued>failed", "queued>crashed",
        "starting>running", "starting>failed", "starting>crashed", "starting>stopped", "starting>preempted",
        "running>finished", "running>failed", "running>crashed", "running>stopped", "running>preempted",
        "preempted>queued",
    ]

    static let sweepAllowed: Set<String> = [
        "pending>running", "pending>paused", "pending>stopped", "pending>cancelled", "pending>failed",
        "running>paused", "running>finished", "running>stopped", "running>cancelled", "running>failed",
        "paused>running", "paused>pending", "paused>finished", "paused>stopped", "paused>cancelled", "paused>failed",
        "finished>pending", "finished>running", "stopped>pending", "stopped>running",
        "cancelled>pending", "cancelled>running", "failed>pending", "failed>running",
    ]

    static let itemAllowed: Set<String> = [
        "pending>leased", "pending>failed",
        "leased>running", "leased>pending", "leased>failed", "leased>done",
        "running>done", "running>failed", "running>pending",
    ]

    func check<S: LifecycleState>(_: S.Type, _ allowed: Set<String>) {
        var seen = 0
        for from in S.allCases {
            for to in S.allCases {
                let key = "\(from.rawValue)>\(to.rawValue)"
                #expect(from.canTransition(to: to) == allowed.contains(key), "\(S.machineName) \(key)")
                if allowed.contains(key) { seen += 1 }
            }
        }
        // Every listed pair names real states (a typo in the table would otherwise pass unnoticed).
        #expect(seen == allowed.count)
    }

    @Test func runTable() { check(RunState.self, Self.runAllowed) }
    @Test func sweepTable() { check(SweepState.self, Self.sweepAllowed) }
    @Test func queueItemTable() { check(QueueItemState.self, Self.itemAllowed) }

    @Test func terminalStates() {
        #expect(RunState.allCases.filter(\.isTerminal) == [.finished, .failed, .crashed, .stopped, .preempted])
        #expect(SweepState.allCases.filter(\.isTerminal) == [.finished, .stopped, .cancelled, .failed])
        #expect(QueueItemState.allCases.filter(\.isTerminal) == [.done, .failed])
        #expect(SweepState.allCases.filter(\.canResume) == SweepState.allCases.filter { $0 != .running })
    }
}
