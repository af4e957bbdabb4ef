import Foundation
import SwoopConfig
import SwoopModel
import SwoopSearch

/// The live line of `swoop sweep CONFIG`: a bar toward the sweep's end, runs by state, and the best
/// value so far with its hyperparameters, drawn from a `SchedulerStatus`. No I/O.
public struct SweepProgress: Sendable, Hashable {
    public var status: SchedulerStatus
    public var metric: String?

    public init(status: SchedulerStatus, metric: String?) {
        self.status = status; self.metric = metric
    }

    /// Runs the sweep makes at most: run_cap, the grid's size, or the smaller of both; nil when open-ended.
    public static func total(_ config: SweepConfig?) -> Int? {
        guard let config else { return nil }
        guard config.method == .grid, config.sampler == nil, let size = try? GridSampler.gridSize(config.space) else { return config.runCap }
        return min(config.runCap ?? size, size)
    }

    /// The order states are listed in.
    static let stateOrder: [RunState] = [.queued, .starting, .running, .finished, .stopped, .failed, .crashed, .preempted]

    /// Runs that ended (any terminal state).
    public var ended: Int {
        Self.stateOrder.filter(\.isTerminal).reduce(0) { $0 + (status.byState[$1.rawValue] ?? 0) }
    }

    /// `[#####...................] 5/24`, or `5 runs ended` when open-ended.
    public func bar(width: Int = 24) -> String {
        guard let total = status.total, total > 0 else { return "\(ended) run\(ended == 1 ? "" : "s") ended" }
        let filled = min(width, ended * width / total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(ended)/\(total)"
    }

    /// `running 2, finished 5`, in lifecycle order (or `no runs yet`).
    public var statesText: String {
        let parts = Self.stateOrder.compactMap { s in status.byState[s.rawValue].map { "\(s.rawValue) \($0)" } }
        return parts.isEmpty ? "no runs yet" : parts.joined(separator: ", ")
    }

    /// `best val_loss 0.2345 (batch_size=8, learning_rate=0.01)`, or nil before any value.
    public var bestText: String? {
        guard let best = status.best else { return nil }
        return "best \(metric ?? "value") \(Self.number(best)) (\(Self.parameters(status.bestConfig ?? .object([:]))))"
    }

    /// One status line: bar, states and best.
    public func line(width: Int = 24) -> String {
        ([bar(width: width), statesText] + [bestText].compactMap { $0 }).joined(separator: "  ")
    }

    /// `a=1, b=x`, keys sorted, for hyperparameters on one line.
    public static func parameters(_ config: JSONValue) -> String {
        guard let o = config.objectValue, !o.isEmpty else { return "no parameters" }
        return o.keys.sorted().map { "\($0)=\(value(o[$0]!))" }.joined(separator: ", ")
    }

    /// A hyperparameter for people: strings bare, numbers short, the rest as JSON.
    public static func value(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .double(let d): return number(d)
        default: return JSONText.render(v)
        }
    }

    /// Up to 6 significant digits, without trailing zeros.
    public static func number(_ d: Double) -> String {
        var s = String(format: "%.6g", d)
        if s.contains("."), !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
