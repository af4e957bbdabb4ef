import ArgumentParser
import Foundation
import SwoopModel
import SwoopReports
import SwoopStore

/// `swoop-bench web-report`: builds a sweep of many runs in a real SQLite store, then times what the sweep
/// page costs the server (load from the store + render) and how big the HTML it sends is.
struct WebReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web-report",
        abstract: "Measure the sweep page's server time and size for a large sweep (real SQLite store)."
    )

    @Option(help: "Runs in the sweep.") var runs = 10_000
    @Option(help: "Runs that also get a metric history (for the run page).") var historyRuns = 100
    @Option(help: "Steps per history.") var historySteps = 200
    @Option(help: "Measured renders of the sweep page (after two unmeasured ones).") var renders = 15
    @Option(help: "Folder for the database (default: a new folder in /dev/shm, else the temp folder).") var data: String?
    @Option(help: "Write the JSON results here.") var json: String?
    @Option(help: "Write the markdown report here.") var markdown: String?
    @Option(help: "Write the rendered sweep page here (to look at it, or gzip it).") var html: String?
    @Option(help: "Write the loaded sweep, runs and scheduler log here as JSON (input of benchmarks/web_report_release.sh).")
    var export: String?
    @Option(help: "Build configuration, for the report (debug or release).") var build = "debug"
    @Option(help: "The command line to record in the report.") var command: String?
    @Flag(help: "Keep the database folder afterwards.") var keep = false

    func validate() throws {
        guard runs > 0, renders > 0, historyRuns >= 0, historySteps > 0 else {
            throw ValidationError("--runs, --renders and --history-steps must be > 0, --history-runs >= 0")
        }
    }

    func run() async throws {
        let machine = MachineInfo.current()
        let folder = try Self.folder(data)
        let store = try await StoreFactory.open(url: nil, dataDirectory: folder)
        do {
            let (seed, setup) = try await Stopwatch.time { try await WebReportSeed.build(store, runs: runs, historyRuns: historyRuns, historySteps: historySteps) }
            Log.line(String(format: "web-report: %d runs written in %.1f s", runs, setup / 1000))
            let result = try await measure(store, seed)
            await store.close()
            if !keep { try? FileManager.default.removeItem(at: folder) }
            let report = WebReportResult(machine: machine, build: build, runs: runs, historyRuns: historyRuns, historySteps: historySteps,
                                         setupSeconds: setup / 1000, databaseFolder: folder.path, command: command, phases: result.phases,
                                         sweepPageBytes: result.bytes, sweepPageGzipBytes: result.gzipBytes, runPageBytes: result.runPageBytes,
                                         parts: result.parts)
            try report.write(json: json, markdown: markdown)
            print(report.markdown)
        } catch {
            await store.close()
            throw error
        }
    }

    static func folder(_ given: String?) throws -> URL {
        if let given { return URL(fileURLWithPath: given) }
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let url = URL(fileURLWithPath: base).appendingPathComponent("swoop-web-report-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private struct Measured {
        var phases: [WebReportResult.Phase]
        var bytes: Int
        var gzipBytes: Int?
        var runPageBytes: Int
        var parts: [String: Double]
    }

    /// The sweep page as the web layer builds it: the store calls named in `SweepReport`'s doc, then render.
    private func measure(_ store: any Store, _ seed: WebReportSeed) async throws -> Measured {
        var load: [Double] = [], render: [Double] = [], total: [Double] = [], sorted: [Double] = []
        var bytes = 0
        var page = ""
        let now = Date()
        for i in 0..<(renders + 2) {
            let start = ContinuousClock.now
            let (sweep, runs, log) = try await WebReportSeed.loadSweepPage(store, seed.sweep)
            let loaded = ContinuousClock.now
            let html = SweepReport(sweep: sweep, runs: runs, schedulerLog: log, now: now).html
            let done = ContinuousClock.now
            // A second view of the same data sorted by a parameter, page 3: only the table changes.
            let (_, sortMS) = await Stopwatch.time {
                SweepReport(sweep: sweep, runs: runs, schedulerLog: log, query: RunsTableQuery(query: "sort=param%3Alr&order=desc&page=3"),
                            now: now).html
            }
            if i >= 2 {
                load.append((loaded - start).milliseconds)
                render.append((done - loaded).milliseconds)
                total.append((done - start).milliseconds)
                sorted.append(sortMS)
            }
            bytes = html.utf8.count
            page = html
            Log.line(String(format: "web-report: render %d: load %.0f ms, render %.0f ms, %d bytes", i, (loaded - start).milliseconds,
                            (done - loaded).milliseconds, bytes))
        }
        // Where render time goes, once (the same calls `html` makes).
        let (sweep, runs, log) = try await WebReportSeed.loadSweepPage(store, seed.sweep)
        var parts: [String: Double] = [:]
        let (dataset, datasetMS) = await Stopwatch.time { SweepDataset(sweep: sweep, runs: runs) }
        parts["dataset"] = datasetMS
        let report = SweepReport(dataset: dataset, schedulerLog: log, now: now)
        parts["header"] = await Stopwatch.time { report.headerHTML }.1
        parts["table"] = await Stopwatch.time { report.runsTableHTML }.1
        parts["importance"] = await Stopwatch.time { report.importance }.1
        parts["charts (incl. importance)"] = await Stopwatch.time { report.chartsHTML }.1
        parts["log"] = await Stopwatch.time { report.logHTML }.1

        var runLoad: [Double] = [], runRender: [Double] = []
        var runBytes = 0
        for i in 0..<(renders + 2) {
            let start = ContinuousClock.now
            let (run, history, runLog) = try await WebReportSeed.loadRunPage(store, seed.historyRun)
            let loaded = ContinuousClock.now
            let html = RunReport(run: run, history: history, log: runLog, now: now).html
            let done = ContinuousClock.now
            if i >= 2 {
                runLoad.append((loaded - start).milliseconds)
                runRender.append((done - loaded).milliseconds)
            }
            runBytes = html.utf8.count
        }
        if let path = html { try page.write(toFile: path, atomically: true, encoding: .utf8) }
        if let export { try JSONEncoder().encode(WebReportExport(sweep: sweep, runs: runs, schedulerLog: log)).write(to: URL(fileURLWithPath: export)) }
        return Measured(
            phases: [
                .init(name: "sweep page: load from store", millis: load),
                .init(name: "sweep page: render", millis: render),
                .init(name: "sweep page: total (load + render)", millis: total),
                .init(name: "sweep page: render sorted by lr, page 3", millis: sorted),
                .init(name: "run page (\(historySteps) steps): load", millis: runLoad),
                .init(name: "run page (\(historySteps) steps): render", millis: runRender),
            ],
            bytes: bytes, gzipBytes: Self.gzipSize(page), runPageBytes: runBytes, parts: parts)
    }

    /// Bytes after `gzip -6` (what a compressing proxy or server would send); nil when gzip is missing.
    static func gzipSize(_ text: String) -> Int? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-6", "-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch { return nil }
        let writer = Thread { input.fileHandleForWriting.write(Data(text.utf8)); try? input.fileHandleForWriting.close() }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data.count : nil
    }
}
