import Foundation
import SwoopModel

/// How a run record changes on a state transition, shared by both stores.
enum RunRules {
    static func transitioned(_ run: Run, to next: RunState, exitCode: Int?, errorMessage: String?, now: Date) throws -> Run {
        guard run.state.canTransition(to: next) else { throw StoreError.illegal(run.id.rawValue, run.state, next) }
        var r = run
        r.state = next
        if let exitCode { r.exitCode = exitCode }
        if let errorMessage { r.errorMessage = errorMessage }
        if next == .running, r.startedAt == nil { r.startedAt = now }
        // A requeued run is alive again: its earlier end no longer describes it.
        r.endedAt = next.isTerminal ? now : nil
        r.updatedAt = now
        return r
    }

    static func stateArguments(_ r: Run, changeSeq: Int64) -> [SQLValue] {
        [
            .text(r.state.rawValue), SQLValue(r.exitCode), SQLValue(r.errorMessage), SQLValue(r.startedAt),
            SQLValue(r.endedAt), .int(changeSeq), SQLValue(r.updatedAt), SQLValue(r.id),
        ]
    }
}
