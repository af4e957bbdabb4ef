import ArgumentParser
import Foundation
import SwoopConfig
import SwoopSearch

/// `swoop optimize SWEEP.yaml [--seed N]`: the search methods over standard input and output
/// (shared/protocols/optimize-stdio.md), usable from any language without a server.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Answer ask/tell/report JSON lines on stdin with the sweep's search method.",
        discussion: """
            Reads one JSON object per line on standard input and answers each with one JSON line:
              {"op":"ask"}                                  -> {"trial":0,"params":{...}} or {"done":true}
              {"op":"tell","trial":0,"value":0.12}          -> {"ok":true}
              {"op":"tell","trial":0,"state":"failed"}      -> {"ok":true}
              {"op":"report","trial":0,"step":5,"value":1}  -> {"prune":false}
            Errors answer {"error":"..."} and the session goes on. Diagnostics go to standard error.
            """
    )

    @Argument(help: "The sweep configuration (YAML or JSON).")
    var config: String

    @Option(help: "Seed for the search method; the same seed and input give the same output. Default: random, printed to stderr.")
    var seed: UInt64?

    func run() throws {
        let loaded = SweepConfigLoader.load(path: config)
        for d in loaded.diagnostics {
            Stderr.line(d.description)
        }
        guard let sweep = loaded.config, loaded.isValid else {
            throw ExitCode(1)
        }
        let seed = self.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        if self.seed == nil { Stderr.line("swoop optimize: seed \(seed)") }
        let study: Study
        do {
            study = try SearchMethods.study(for: sweep, seed: seed)
        } catch {
            Stderr.line("\(config): error: \(error.message)")
            throw ExitCode(1)
        }
        var session = OptimizeSession(study: study)
        while let line = readLine(strippingNewline: true) {
            if line.allSatisfy(\.isWhitespace) { continue }
            let answer = session.answer(line)
            for d in session.takeDiagnostics() { Stderr.line(d) }
            // One write per answer: the peer waits for each line, so nothing may sit in a buffer.
            FileHandle.standardOutput.write(Data((answer + "\n").utf8))
        }
    }
}
