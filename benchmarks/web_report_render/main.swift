// Times the sweep page's render in an optimized build of SwoopReports and the modules it needs (compiled
// by benchmarks/web_report_release.sh with swiftc -O), on the sweep, runs and log that
// `swoop-bench web-report --export` loaded from a real store. Also times JSON parsing of every run's
// config and summary, the Swift share of the store's load (SQLite itself is C either way).
import Foundation
import SwoopModel
import SwoopReports

struct Export: Codable {
    var sweep: Sweep
    var runs: [Run]
    var schedulerLog: String
}

let args = CommandLine.arguments
guard args.count >= 3, let renders = Int(args[2]) else {
    FileHandle.standardError.write(Data("usage: web-report-render EXPORT.json RENDERS [JSON-OUT]\n".utf8))
    exit(2)
}
let input = try JSONDecoder().decode(Export.self, from: Data(contentsOf: URL(fileURLWithPath: args[1])))
let texts = input.runs.flatMap { [JSONText.render($0.config), JSONText.render($0.summary)] }
let now = Date()

func millis(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

var render: [Double] = [], sorted: [Double] = [], parse: [Double] = [], importance: [Double] = [], dataset: [Double] = []
var bytes = 0
for i in 0..<(renders + 2) {
    var html = ""
    let r = millis { html = SweepReport(sweep: input.sweep, runs: input.runs, schedulerLog: input.schedulerLog, now: now).html }
    let s = millis {
        _ = SweepReport(sweep: input.sweep, runs: input.runs, schedulerLog: input.schedulerLog,
                        query: RunsTableQuery(query: "sort=param%3Alearning_rate&order=desc&page=3"), now: now).html
    }
    var ds: SweepDataset?
    let d = millis { ds = SweepDataset(sweep: input.sweep, runs: input.runs) }
    let imp = millis { _ = SweepReport(dataset: ds!, now: now).importance }
    let p = try millis { for t in texts { _ = try JSONText.parse(t) } }
    if i >= 2 { render.append(r); sorted.append(s); parse.append(p); importance.append(imp); dataset.append(d) }
    bytes = html.utf8.count
}

func stats(_ name: String, _ v: [Double]) -> (String, [String: Double]) {
    let s = v.sorted()
    func rank(_ q: Double) -> Double { s[min(s.count - 1, max(0, Int((q * Double(s.count)).rounded(.up)) - 1))] }
    return (name, ["median": rank(0.5), "p95": rank(0.95), "max": s.last!])
}
let rows = [
    stats("sweep page render (dataset + all sections)", render),
    stats("sweep page render, sorted by learning_rate, page 3", sorted),
    stats("  of which: dataset (SweepDataset)", dataset),
    stats("  of which: parameter importance", importance),
    stats("JSON parse of \(texts.count) stored config/summary texts", parse),
]
var md = "| phase (optimized build, \(input.runs.count) runs) | median ms | p95 ms | max ms |\n|---|---:|---:|---:|\n"
for (name, s) in rows {
    md += "| \(name) | " + ["median", "p95", "max"].map { String(format: "%.1f", s[$0]!) }.joined(separator: " | ") + " |\n"
}
md += "\nSweep page HTML: \(bytes) bytes.\n"
print(md)
if args.count >= 4 {
    let json = ["runs": Double(input.runs.count), "renders": Double(renders), "bytes": Double(bytes)]
        .merging(rows.flatMap { name, s in s.map { ("\(name) \($0.key)", $0.value) } }, uniquingKeysWith: { a, _ in a })
    let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: args[3]))
}
