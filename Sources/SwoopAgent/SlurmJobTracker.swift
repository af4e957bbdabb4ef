import Foundation
import Logging

/// Follows every Slurm job the agent has submitted with ONE `squeue` call per poll, however many jobs
/// are in flight; only a job that has ended costs a `scontrol show job` more, and only a job the
/// controller no longer knows is looked up in the jobcomp file.
public actor SlurmJobTracker {
    /// What a follower hears about its job.
    public enum Event: Sendable {
        /// The job's state as last seen (sent when it changes).
        case state(SlurmJobReport)
        /// The job ended; the report is Slurm's final word, nil when Slurm has no record of it left.
        case ended(SlurmJobReport?)
    }

    let commands: SlurmCommands
    let interval: Duration
    let logger: Logger
    /// Polls a job may be missing from squeue and scontrol (with no jobcomp line) before it counts as gone.
    let missingPollLimit: Int

    private var followers: [String: (sink: AsyncStream<Event>.Continuation, last: String?, misses: Int)] = [:]
    private var poller: Task<Void, Never>?
    private var jobcompPath: String??
    private var jobcompOffset: UInt64 = 0
    private var jobcomp: [String: SlurmJobReport] = [:]
    /// `squeue` calls made so far (the benchmark and tests read it).
    public private(set) var squeueCalls = 0

    public init(commands: SlurmCommands, interval: Duration = .seconds(1), missingPollLimit: Int = 3, logger: Logger = Logger(label: "swoop.agent.slurm")) {
        self.commands = commands; self.interval = interval; self.missingPollLimit = missingPollLimit; self.logger = logger
    }

    /// How many jobs are being followed now.
    public var followedCount: Int { followers.count }

    /// Starts following a submitted job; the stream ends after `.ended`.
    public func follow(jobID: String) async -> AsyncStream<Event> {
        if jobcompPath == nil {
            let path = await commands.jobcompFile()
            jobcompPath = .some(path)
            // Lines written before this agent started belong to older jobs (ids restart with a fresh cluster).
            if let path, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
                jobcompOffset = size.uint64Value
            }
        }
        let (stream, sink) = AsyncStream.makeStream(of: Event.self)
        followers[jobID] = (sink, nil, 0)
        if poller == nil { poller = Task { await self.pollLoop() } }
        return stream
    }

    /// Stops following a job (its follower went away).
    public func forget(jobID: String) {
        followers.removeValue(forKey: jobID)?.sink.finish()
    }

    private func pollLoop() async {
        while !followers.isEmpty, !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await pollOnce()
        }
        poller = nil
    }

    /// One round: squeue for all, then details for the jobs that ended or went missing.
    func pollOnce() async {
        let ids = Array(followers.keys)
        guard !ids.isEmpty else { return }
        squeueCalls += 1
        guard let reports = await commands.queue(jobIDs: ids) else {
            logger.warning("squeue failed; \(ids.count) Slurm job(s) keep their last known state until the next poll")
            return
        }
        let seen = Dictionary(reports.map { ($0.jobID, $0) }, uniquingKeysWith: { a, _ in a })
        var jobcompRead = false
        for id in ids {
            if let report = seen[id], report.state?.isFinal != true {
                tell(id, report)
                continue
            }
            if let report = seen[id] {
                // squeue has the final state but no exit code; scontrol has both.
                var final = await commands.show(jobID: id) ?? report
                if final.state?.isFinal != true { final = report }
                end(id, final)
                continue
            }
            if let shown = await commands.show(jobID: id), shown.state != nil {
                if shown.state?.isFinal == true { end(id, shown) } else { tell(id, shown) }
                continue
            }
            if !jobcompRead { readJobcomp(); jobcompRead = true }
            if let done = jobcomp[id] {
                end(id, done)
                continue
            }
            guard var entry = followers[id] else { continue }
            entry.misses += 1
            followers[id] = entry
            if entry.misses >= missingPollLimit { end(id, nil) }
        }
    }

    private func tell(_ id: String, _ report: SlurmJobReport) {
        guard var entry = followers[id] else { return }
        entry.misses = 0
        if entry.last != report.stateText {
            entry.last = report.stateText
            entry.sink.yield(.state(report))
        }
        followers[id] = entry
    }

    private func end(_ id: String, _ report: SlurmJobReport?) {
        guard let entry = followers.removeValue(forKey: id) else { return }
        entry.sink.yield(.ended(report))
        entry.sink.finish()
        jobcomp[id] = nil
    }

    /// Reads the jobcomp lines written since the last read.
    private func readJobcomp() {
        guard case .some(.some(let path)) = jobcompPath, let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: jobcompOffset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else { return }
        // Only whole lines: a line being written now is read next time.
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return }
        let complete = data[data.startIndex...lastNewline]
        jobcompOffset += UInt64(complete.count)
        for (id, report) in SlurmJobReport.parseJobcomp(Substring(String(decoding: complete, as: UTF8.self))) { jobcomp[id] = report }
    }
}
