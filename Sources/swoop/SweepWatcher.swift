import Foundation
import SwoopClient
import SwoopConfig
import SwoopModel
import SwoopScheduler

/// Follows a sweep for `swoop sweep CONFIG`: reads its runs as they change and the scheduler's saved
/// state, draws the progress line (in place on a terminal, a plain line per change otherwise), and on
/// Ctrl-C cancels the sweep. `watch()` returns once the sweep has ended and none of its runs is active.
actor SweepWatcher {
    /// How the sweep ended, whether Ctrl-C ended it, and the last status read.
    struct End {
        var state: SweepState
        var interrupted: Bool
        var progress: SweepProgress
    }

    let client: SwoopClient
    let sweep: SweepID
    let config: SweepConfig
    private var runs: [RunID: Run] = [:]
    private var cursor: Int64 = 0
    private var interrupted = false
    private var progress: SweepProgress?
    private var lastLine = ""
    private var lastKey = ""
    private let terminal = isatty(STDOUT_FILENO) == 1

    init(client: SwoopClient, sweep: SweepID, config: SweepConfig) {
        self.client = client; self.sweep = sweep; self.config = config
    }

    /// Ctrl-C: cancels the sweep (no new runs; the server asks running runs to stop).
    func interrupt() async {
        guard !interrupted else { return }
        interrupted = true
        if terminal, !lastLine.isEmpty { FileHandle.standardOutput.write(Data("\n".utf8)) }
        lastLine = ""
        Stdout.line("interrupted: cancelling sweep \(sweep) and stopping its runs (Ctrl-C again to quit at once)")
        if let s = try? await client.sweep(id: sweep), !s.state.isTerminal {
            _ = try? await client.transitionSweep(id: sweep, to: .cancelled)
        }
    }

    func watch() async throws -> End {
        while true {
            let changes = try await client.sweepRuns(sweep: sweep, since: cursor, limit: 500, waitSeconds: 1)
            cursor = changes.nextCursor
            for run in changes.runs { runs[run.id] = run }
            let current = try await client.sweep(id: sweep)
            let status = SchedulerStatus(
                sweep: current, runs: Array(runs.values), metric: config.metric?.name, maximize: config.metric?.goal == .maximize,
                total: SweepProgress.total(config))
            let progress = SweepProgress(status: status, metric: config.metric?.name)
            self.progress = progress
            let active = runs.values.filter { !$0.state.isTerminal }
            if current.state.isTerminal, active.isEmpty, changes.runs.isEmpty {
                draw(progress, final: true)
                return End(state: current.state, interrupted: interrupted, progress: progress)
            }
            if current.state == .failed {
                // A failed sweep's scheduler is gone: nothing else would end its runs.
                for run in active where run.stopRequestedAt == nil { _ = try? await client.requestStop(run: run.id) }
            }
            draw(progress, final: false)
        }
    }

    /// On a terminal the line is redrawn whenever it changes; otherwise a line is printed only when
    /// runs start running or end, or the best value changes (queued/starting churn would flood a log).
    private func draw(_ progress: SweepProgress, final: Bool) {
        let line = progress.line()
        if terminal {
            if line != lastLine || final {
                // Cut to the terminal's width: a wrapped line could not be redrawn in place.
                let shown = final ? line : String(line.prefix(max(20, Self.columns() - 1)))
                FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + shown + (final ? "\n" : "")).utf8))
            }
            lastLine = final ? "" : line
            return
        }
        let key = [progress.bar(), "\(progress.status.byState[RunState.running.rawValue] ?? 0)", progress.bestText ?? ""].joined(separator: "|")
        if key != lastKey || (final && line != lastLine) {
            Stdout.line(line)
            lastKey = key
            lastLine = line
        }
    }

    /// The terminal's width in columns (80 when unknown).
    static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
