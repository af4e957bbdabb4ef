import ArgumentParser
import SwoopClient
import SwoopModel

/// What `swoop sweep pause|resume|stop|cancel ID` share: W&B's client-side guard (reference 3.6),
/// then the server's transition.
enum SweepStateChange {
    /// The W&B message for a change the sweep's state does not allow, or nil when allowed.
    static func refusal(from current: SweepState, to target: SweepState, id: String) -> String? {
        switch target {
        case .paused where current != .running && current != .paused:
            return "Cannot pause \(current.rawValue) sweep."
        case .running where current.isTerminal:
            return "Sweep \(id) is \(current.rawValue): resume it with swoop launch-sweep --resume-id \(id) (it needs a scheduler)."
        case .running where current == .running:
            return "Sweep already running."
        case .paused, .stopped, .cancelled, .finished, .failed:
            return [.running, .paused, .pending].contains(current) ? nil : "Sweep already \(current.rawValue)."
        default:
            return nil
        }
    }

    static func run(_ server: ServerOptions, id: String, to target: SweepState) async throws {
        let client = server.makeClient()
        try await SweepArgument.with(id) { sweepID in
            let sweep = try await client.sweep(id: sweepID)
            if let refusal = refusal(from: sweep.state, to: target, id: id) {
                Stderr.line("error: \(refusal)")
                throw ExitCode(1)
            }
            if sweep.state == target { Stdout.line("sweep \(id): \(target.rawValue)"); return }
            let updated = try await client.transitionSweep(id: sweepID, to: target)
            Stdout.line("sweep \(id): \(updated.state.rawValue)")
        }
    }
}
