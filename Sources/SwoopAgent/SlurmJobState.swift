import SwoopModel

/// A Slurm job state (`squeue %T`, `scontrol JobState=`, jobcomp `JobState=`), and what it means for the run.
public enum SlurmJobState: String, Sendable, Hashable, CaseIterable {
    case pending = "PENDING", configuring = "CONFIGURING", running = "RUNNING", completing = "COMPLETING"
    case suspended = "SUSPENDED", requeued = "REQUEUED", requeueHold = "REQUEUE_HOLD", requeueFed = "REQUEUE_FED"
    case resizing = "RESIZING", resvDelHold = "RESV_DEL_HOLD", signaling = "SIGNALING", stageOut = "STAGE_OUT", stopped = "STOPPED"
    case specialExit = "SPECIAL_EXIT"
    case completed = "COMPLETED", failed = "FAILED", timeout = "TIMEOUT", cancelled = "CANCELLED", nodeFail = "NODE_FAIL"
    case outOfMemory = "OUT_OF_MEMORY", preempted = "PREEMPTED", bootFail = "BOOT_FAIL", deadline = "DEADLINE", revoked = "REVOKED"

    /// Reads a state as Slurm prints it (`CANCELLED by 0`, `CANCELLED+`, short or long forms).
    public init?(slurm text: String) {
        let word = text.split(whereSeparator: { $0 == " " || $0 == "+" }).first.map(String.init)?.uppercased() ?? ""
        if let s = SlurmJobState(rawValue: word) { self = s; return }
        let short: [String: SlurmJobState] = [
            "PD": .pending, "CF": .configuring, "R": .running, "CG": .completing, "S": .suspended, "RQ": .requeued,
            "RH": .requeueHold, "RF": .requeueFed, "RS": .resizing, "RD": .resvDelHold, "SI": .signaling, "SO": .stageOut, "ST": .stopped,
            "SE": .specialExit, "CD": .completed, "F": .failed, "TO": .timeout, "CA": .cancelled, "NF": .nodeFail, "OOM": .outOfMemory,
            "PR": .preempted, "BF": .bootFail, "DL": .deadline, "RV": .revoked,
        ]
        guard let s = short[word] else { return nil }
        self = s
    }

    /// The job will not run again by itself.
    public var isFinal: Bool {
        switch self {
        case .completed, .failed, .timeout, .cancelled, .nodeFail, .outOfMemory, .preempted, .bootFail, .deadline, .revoked: return true
        default: return false
        }
    }

    /// The job has (or had) its node: the run counts as `running`.
    public var hasStarted: Bool {
        switch self {
        case .running, .completing, .signaling, .stageOut, .suspended, .stopped, .configuring: return true
        default: return isFinal
        }
    }

    /// How the run ended, for a job in a final state. `exitFile` is the script's own exit code (authoritative
    /// when present); `exitCode` is Slurm's `code:signal`.
    public static func outcome(
        state: SlurmJobState?, jobID: String, reason: String?, exitCode: (code: Int32, signal: Int32)?, exitFile: Int32?
    ) -> RunOutcome {
        let why = reason.flatMap { $0.isEmpty || $0 == "None" ? nil : " (\($0))" } ?? ""
        let signalCode = exitCode.flatMap { $0.signal > 0 ? 128 + Int($0.signal) : nil }
        switch state {
        case .completed?:
            return .exited(exitFile ?? exitCode?.code ?? 0)
        case .failed?:
            if let exitFile { return .exited(exitFile) }
            if let exitCode, exitCode.signal > 0 { return .signaled(exitCode.signal) }
            return .ended(.failed, exitCode: exitCode.map { Int($0.code) }, message: "Slurm job \(jobID) FAILED\(why) before the run's command reported an exit code")
        case .timeout?:
            return .ended(.failed, exitCode: nil, message: "Slurm job \(jobID) reached its time limit (TIMEOUT) and was killed")
        case .cancelled?:
            return .ended(.stopped, exitCode: signalCode, message: "Slurm job \(jobID) was cancelled (CANCELLED\(why))")
        case .nodeFail?:
            return .ended(.crashed, exitCode: nil, message: "Slurm job \(jobID) ended because its node failed (NODE_FAIL)")
        case .outOfMemory?:
            return .ended(.failed, exitCode: nil, message: "Slurm job \(jobID) ran out of memory (OUT_OF_MEMORY)")
        case .preempted?:
            return .ended(.preempted, exitCode: nil, message: "Slurm preempted job \(jobID) (PREEMPTED); the run goes back to its queue")
        case .bootFail?:
            return .ended(.crashed, exitCode: nil, message: "Slurm job \(jobID) could not boot its node (BOOT_FAIL)")
        case .deadline?:
            return .ended(.failed, exitCode: nil, message: "Slurm job \(jobID) missed its deadline (DEADLINE)")
        case let other?:
            if let exitFile { return .exited(exitFile) }
            return .ended(.crashed, exitCode: nil, message: "Slurm job \(jobID) ended in state \(other.rawValue)\(why)")
        case nil:
            if let exitFile { return .exited(exitFile) }
            return .ended(.crashed, exitCode: nil, message: "Slurm job \(jobID) is gone and left no final state (not in squeue, scontrol or the jobcomp file) and no exit-code file")
        }
    }
}
