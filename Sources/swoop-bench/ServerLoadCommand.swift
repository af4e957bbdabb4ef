import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `swoop-bench server-load`: ingest and leasing load against a running `swoop server`, and the same ingest
/// against an MLflow tracking server, written up as JSON and markdown.
struct ServerLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server-load",
        abstract: "Measure ingest and leasing throughput, latency and memory of a Swoop server (and MLflow's ingest).",
        discussion: "Start the servers first (benchmarks/server_load.sh does all of it); pass their pids to measure CPU and memory."
    )

    @Option(help: "Base URL of the Swoop server.") var swoopURL: String
    @Option(help: "An admin API key of the Swoop server.") var swoopKey: String
    @Option(help: "Pid of the Swoop server (for CPU and memory).") var swoopPid: Int32?
    @Option(help: "Base URL of an MLflow tracking server (omit to skip MLflow).") var mlflowURL: String?
    @Option(help: "Pid of the MLflow server (its workers are found below it).") var mlflowPid: Int32?
    @Option(help: "MLflow version, for the report.") var mlflowVersion: String?
    @Option(help: "Measured seconds per phase.") var seconds = 15
    @Option(help: "Unrecorded warm-up seconds before each phase.") var warmup = 2
    @Option(help: "Concurrent writers in the batched ingest phase.") var writers = 4
    @Option(help: "Metric points per batched request (MLflow takes at most 1,000).") var batch = 1000
    @Option(help: "Concurrent writers in the one-point-per-request phase.") var singleWriters = 4
    @Option(help: "Concurrent agents leasing.") var agents = 16
    @Option(help: "Items enqueued before the lease phase (it ends early if they run out).") var leaseItems = 6000
    @Option(help: "Write the JSON results here.") var json: String?
    @Option(help: "Write the markdown report here.") var markdown: String?
    @Option(help: "The command line to record in the report.") var command: String?

    func validate() throws {
        guard seconds > 0, warmup >= 0 else { throw ValidationError("--seconds must be > 0 and --warmup >= 0") }
        guard (1...1000).contains(batch) else { throw ValidationError("--batch must be 1...1000 (MLflow's limit)") }
        guard writers > 0, singleWriters > 0, agents > 0, leaseItems > 0 else {
            throw ValidationError("--writers, --single-writers, --agents and --lease-items must be > 0")
        }
    }

    func run() async throws {
        let machine = MachineInfo.current()
        var config = HTTPClient.Configuration()
        // Every worker keeps its own connection: no request waits for a pooled one.
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 128)
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
        do {
            let report = try await measure(machine: machine, http: http)
            try await http.shutdown()
            try write(report)
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func idleMB(_ pid: Int32?) -> Double? { pid.map { Double(ProcessStats.treeRSS($0)) / 1024 } }

    private func measure(machine: MachineInfo, http: HTTPClient) async throws -> LoadReport {
        let settings = LoadSettings(
            seconds: seconds, warmupSeconds: warmup, writers: writers, batchPoints: batch, singleWriters: singleWriters,
            agents: agents, leaseItems: leaseItems)
        let swoopIdle = idleMB(swoopPid), mlflowIdle = idleMB(mlflowPid)
        var phases: [PhaseResult] = []
        func phase(_ system: String, _ name: String, _ concurrency: Int, pid: Int32?, steps: [String] = []) -> LoadPhase {
            LoadPhase(system: system, name: name, concurrency: concurrency, duration: .seconds(seconds), warmup: .seconds(warmup),
                      stepNames: steps, serverPID: pid)
        }

        let swoop = try await SwoopLoad(baseURL: swoopURL, apiKey: swoopKey, http: http)
        let batchShape = MetricShape(pointsPerRequest: batch), singleShape = MetricShape(pointsPerRequest: 1)
        let batchWriters = try await swoop.writers(writers, name: "batch")
        phases.append(await phase("swoop", "ingest batched", writers, pid: swoopPid).run { w, i in
            try await SwoopLoad.append(batchWriters[w], shape: batchShape, iteration: i)
        })
        let singleWriterRuns = try await swoop.writers(singleWriters, name: "single")
        phases.append(await phase("swoop", "ingest 1 point/request", singleWriters, pid: swoopPid).run { w, i in
            try await SwoopLoad.append(singleWriterRuns[w], shape: singleShape, iteration: i)
        })
        Log.line("swoop: enqueueing \(leaseItems) items")
        try await swoop.fillQueue(leaseItems, concurrency: agents)
        let agentClients = try await swoop.agents(agents)
        var leasePhase = phase("swoop", "lease round trip", agents, pid: swoopPid, steps: ["lease", "complete"])
        leasePhase.warmup = .zero  // the queue is finite; every round trip counts
        phases.append(await leasePhase.run { w, _ in try await SwoopLoad.leaseRoundTrip(agentClients[w]) })
        let swoopPeak = swoopPid.flatMap { ProcessStats.memory(pid: $0) }.map { Double($0.hwmKB) / 1024 }

        var mlflowPeak: Double?
        if let mlflowURL {
            let mlflow = try await MLflowLoad(baseURL: mlflowURL, http: http)
            let batchRuns = try await mlflow.writers(writers, name: "batch")
            phases.append(await phase("mlflow", "ingest batched", writers, pid: mlflowPid).run { w, i in
                try await mlflow.append(run: batchRuns[w], shape: batchShape, iteration: i)
            })
            let singleRuns = try await mlflow.writers(singleWriters, name: "single")
            phases.append(await phase("mlflow", "ingest 1 point/request", singleWriters, pid: mlflowPid).run { w, i in
                try await mlflow.append(run: singleRuns[w], shape: singleShape, iteration: i)
            })
            // Peak of the whole tree, as sampled during MLflow's phases (its workers are separate processes).
            mlflowPeak = phases.filter { $0.system == "mlflow" }.compactMap(\.serverPeakRSSMB).max()
        }

        var report = LoadReport(
            date: ISO8601DateFormatter().string(from: Date()), command: command ?? CommandLine.arguments.joined(separator: " "),
            machine: machine, settings: settings, mlflowVersion: mlflowVersion, swoopIdleRSSMB: swoopIdle, swoopPeakRSSMB: swoopPeak,
            mlflowIdleRSSMB: mlflowIdle, mlflowPeakRSSMB: mlflowPeak, phases: phases, ratios: [:], targets: [])
        for name in ["ingest batched", "ingest 1 point/request"] {
            if let r = LoadReport.ratio(report.phase("swoop", name), report.phase("mlflow", name)) { report.ratios[name] = r }
        }
        report.targets = targets(report)
        return report
    }

    private func targets(_ r: LoadReport) -> [TargetCheck] {
        var t: [TargetCheck] = []
        if let b = r.phase("swoop", "ingest batched") {
            t.append(TargetCheck(name: "batched ingest, SQLite", target: "≥ 50,000 points/s",
                                 measured: String(format: "%.0f points/s", b.unitsPerSecond), met: b.unitsPerSecond >= 50_000 && b.errors == 0))
        }
        if let l = r.phase("swoop", "lease round trip"), let lease = l.steps["lease"] {
            t.append(TargetCheck(name: "lease latency, \(l.concurrency) agents", target: "p99 < 20 ms",
                                 measured: String(format: "p99 %.2f ms (p50 %.2f ms)", lease.p99, lease.p50), met: lease.p99 < 20 && l.errors == 0))
        }
        if let idle = r.swoopIdleRSSMB {
            t.append(TargetCheck(name: "idle server memory", target: "< 60 MB resident",
                                 measured: String(format: "%.1f MB", idle), met: idle < 60))
        }
        if let ratio = r.ratios["ingest batched"] {
            t.append(TargetCheck(name: "ingest vs MLflow (batched)", target: "≥ 5x", measured: String(format: "%.1fx", ratio), met: ratio >= 5))
        }
        return t
    }

    private func write(_ report: LoadReport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(report)
        if let json { try data.write(to: URL(fileURLWithPath: json)) } else { FileHandle.standardOutput.write(data) }
        if let markdown { try Data(report.markdown().utf8).write(to: URL(fileURLWithPath: markdown)) }
    }
}
