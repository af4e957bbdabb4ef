import Foundation

/// What `swoop-bench web-report` measured, as JSON and as a markdown page.
struct WebReportResult: Codable, Sendable {
    struct Phase: Codable, Sendable {
        var name: String
        var samples: Int
        var medianMS: Double
        var p95MS: Double
        var maxMS: Double

        init(name: String, millis: [Double]) {
            let sorted = millis.sorted()
            func rank(_ q: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
            }
            self.name = name
            samples = sorted.count
            medianMS = rank(0.5)
            p95MS = rank(0.95)
            maxMS = sorted.last ?? 0
        }
    }

    static let targetMS = 300.0
    static let targetBytes = 400 * 1024

    var machine: MachineInfo
    var build: String
    var runs: Int
    var historyRuns: Int
    var historySteps: Int
    var setupSeconds: Double
    var databaseFolder: String
    var command: String?
    var phases: [Phase]
    var sweepPageBytes: Int
    var sweepPageGzipBytes: Int?
    var runPageBytes: Int
    /// Milliseconds of each part of one sweep-page render.
    var parts: [String: Double]

    var total: Phase? { phases.first { $0.name.hasPrefix("sweep page: total") } }

    var markdown: String {
        func ms(_ v: Double) -> String { String(format: "%.1f", v) }
        var out = "# Sweep page for a \(runs)-run sweep: server time and size\n\n"
        out += "Measured by `swoop-bench web-report` (\(build) build) against a real SQLite store in \(databaseFolder.hasPrefix("/dev/shm") ? "tmpfs (/dev/shm)" : databaseFolder). "
        out += "The sweep has \(runs) runs with six searched hyperparameters, summaries and states; \(historyRuns) runs have a \(historySteps)-step history; "
        out += "the scheduler's log has 2,000 lines. Writing it took \(String(format: "%.0f", setupSeconds)) s.\n\n"
        if let command { out += "Command: `\(command)`\n\n" }
        out += "Machine: \(machine.cpuModel), \(machine.cores) cores, \(machine.memoryGB) GB, load average \(machine.loadAverageAtStart) at start "
        out += "(other builds were running: the numbers are upper bounds).\n\n"
        out += "| phase | samples | median ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|\n"
        for p in phases { out += "| \(p.name) | \(p.samples) | \(ms(p.medianMS)) | \(ms(p.p95MS)) | \(ms(p.maxMS)) |\n" }
        out += "\nOne render, by part (ms): "
        out += parts.keys.sorted().map { "\($0) \(ms(parts[$0]!))" }.joined(separator: ", ") + "\n\n"
        out += "| size | bytes |\n|---|---:|\n"
        out += "| sweep page HTML (first page of 50 runs, all charts) | \(sweepPageBytes) |\n"
        if let gz = sweepPageGzipBytes { out += "| the same, gzip -6 | \(gz) |\n" }
        out += "| run page HTML (\(historySteps) steps × 4 metrics) | \(runPageBytes) |\n\n"
        if let total {
            let ok = total.p95MS < Self.targetMS
            out += "Target: sweep page under \(Int(Self.targetMS)) ms server time: p95 \(ms(total.p95MS)) ms, \(ok ? "met" : "NOT met") in this \(build) build. "
        }
        out += "Size target: under \(Self.targetBytes / 1024) KiB of HTML: \(sweepPageBytes / 1024) KiB, \(sweepPageBytes < Self.targetBytes ? "met" : "NOT met").\n"
        return out
    }

    func write(json: String?, markdown path: String?) throws {
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(self).write(to: URL(fileURLWithPath: json))
        }
        if let path { try markdown.write(toFile: path, atomically: true, encoding: .utf8) }
    }
}
