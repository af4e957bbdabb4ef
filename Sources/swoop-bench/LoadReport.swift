import Foundation

/// Everything one server-load run measured, as JSON and as the markdown page in benchmarks/results.
struct LoadReport: Codable, Sendable {
    var date: String
    var command: String
    var machine: MachineInfo
    var settings: LoadSettings
    var mlflowVersion: String?
    /// Resident memory right after start, before any request but the health check.
    var swoopIdleRSSMB: Double?
    /// Peak resident memory over the whole run (VmHWM).
    var swoopPeakRSSMB: Double?
    var mlflowIdleRSSMB: Double?
    var mlflowPeakRSSMB: Double?
    var phases: [PhaseResult]
    /// Swoop points/s over MLflow points/s, by phase.
    var ratios: [String: Double]
    var targets: [TargetCheck]

    func phase(_ system: String, _ name: String) -> PhaseResult? {
        phases.first { $0.system == system && $0.phase == name }
    }

    static func ratio(_ swoop: PhaseResult?, _ other: PhaseResult?) -> Double? {
        guard let s = swoop, let o = other, o.unitsPerSecond > 0 else { return nil }
        return s.unitsPerSecond / o.unitsPerSecond
    }

    func markdown() -> String {
        func f(_ d: Double?, _ digits: Int = 0) -> String { d.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        var md = """
            # Server load: Swoop vs the MLflow tracking server

            Written by `benchmarks/server_load.sh` on \(date). Both servers on 127.0.0.1, SQLite in a temp folder,
            run one after the other on the same machine; closed-loop load from `swoop-bench server-load` (Swift,
            AsyncHTTPClient) with a \(settings.warmupSeconds) s warm-up, then \(settings.seconds) s measured per phase.
            Swoop runs with authentication on: metric writers use run tokens, agents use agent tokens, and every
            write carries an `Idempotency-Key` as `SwoopClient` sends it. A metric point is one (step, key, value).

            Machine: \(machine.cpuModel), \(machine.cores) cores, \(f(machine.memoryGB, 1)) GB, Linux \(machine.kernel);
            load average \(f(machine.loadAverageAtStart, 2)) at start (other work on the machine shares the cores).
            MLflow: \(mlflowVersion ?? "not measured").

            Command: `\(command)`

            ## Throughput and latency

            | System | Phase | Concurrency | Units/s | Requests/s | p50 ms | p99 ms | Server CPU (cores) | Generator CPU (cores) | Server peak RSS MB | Errors |
            |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|

            """
        for p in phases {
            md += "| \(p.system) | \(p.phase) | \(p.concurrency) | \(f(p.unitsPerSecond)) | \(f(p.requestsPerSecond)) | "
                + "\(f(p.latency.p50, 2)) | \(f(p.latency.p99, 2)) | \(f(p.serverCores, 2)) | \(f(p.generatorCores, 2)) | "
                + "\(f(p.serverPeakRSSMB, 1)) | \(p.errors) |\n"
        }
        md += "\nUnits are metric points for the ingest phases and lease → complete round trips for leasing.\n"
        if let lease = phase("swoop", "lease round trip"), !lease.steps.isEmpty {
            md += "\n## Leasing, by request (\(lease.concurrency) agents)\n\n| Request | Count | p50 ms | p90 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n"
            for name in ["lease", "complete"] {
                guard let s = lease.steps[name] else { continue }
                md += "| \(name) | \(s.count) | \(f(s.p50, 2)) | \(f(s.p90, 2)) | \(f(s.p99, 2)) | \(f(s.max, 2)) |\n"
            }
        }
        md += """

            ## Memory (resident, all processes of the server)

            | System | Idle after start MB | Peak during the run MB |
            |---|---:|---:|
            | swoop | \(f(swoopIdleRSSMB, 1)) | \(f(swoopPeakRSSMB, 1)) |
            | mlflow | \(f(mlflowIdleRSSMB, 1)) | \(f(mlflowPeakRSSMB, 1)) |

            ## Swoop / MLflow ingest ratio

            | Phase | Ratio |
            |---|---:|

            """
        for key in ratios.keys.sorted() { md += "| \(key) | \(f(ratios[key], 1))x |\n" }
        md += "\n## Targets (issue 3)\n\n| Target | Wanted | Measured | Met |\n|---|---|---|---|\n"
        for t in targets { md += "| \(t.name) | \(t.target) | \(t.measured) | \(t.met ? "yes" : "**no**") |\n" }
        return md
    }
}
