import Foundation
import SwoopClient
import SwoopModel

/// Collects a run's output and sends it to the server in batches: every line to the run's log (at the
/// log's byte offset), and `@swoop {json}` lines of standard output also as metric rows.
///
/// A batch stays pending until the server has taken it, so a failed send is sent again; resending is
/// safe (the server recognises a log chunk already at its offset, and metric batches carry an
/// idempotency key).
public actor RunOutputRecorder {
    let client: SwoopClient
    let runID: RunID
    private var offset: Int64
    private var pendingText = ""
    private var pendingPoints: [MetricPoint] = []
    private var pointsKey = UUID().uuidString
    private var parser = StdoutMetricParser()
    /// Lines printed, for callers that show progress.
    public private(set) var lineCount = 0

    public init(client: SwoopClient, runID: RunID, logOffset: Int64) {
        self.client = client; self.runID = runID; self.offset = logOffset
    }

    /// Takes one line of output.
    public func record(_ line: OutputLine) {
        lineCount += 1
        pendingText += line.text + "\n"
        guard line.stream == .stdout else { return }
        switch parser.parse(line.text) {
        case .text: break
        case .metrics(let point): pendingPoints.append(point)
        case .invalid(let reason): pendingText += "swoop agent: metric line ignored: \(reason)\n"
        }
    }

    /// A note from the agent itself into the run's log.
    public func note(_ text: String) { pendingText += "swoop agent: " + text + "\n" }

    /// Most log bytes and metric points one send carries: the server takes JSON bodies of 4 MiB, and a run
    /// that printed a lot while the server was away must still get through, a piece at a time.
    public static let maxLogBytes = 512 << 10
    public static let maxPoints = 2000
    public static let maxValues = 10_000

    /// Sends what is pending, in pieces of at most `maxLogBytes` and `maxPoints` (`maxValues`); on failure keeps the rest
    /// for the next call and returns the error.
    @discardableResult
    public func flush() async -> (any Error)? {
        do {
            while let piece = batch() {
                if !piece.points.isEmpty {
                    _ = try await client.appendMetrics(run: runID, points: piece.points, idempotencyKey: pointsKey)
                    pendingPoints.removeFirst(piece.points.count)
                    pointsKey = UUID().uuidString
                }
                if !piece.log.isEmpty {
                    try await appendLog(piece.log)
                    pendingText.removeFirst(piece.log.count)
                }
            }
            return nil
        } catch {
            return error
        }
    }

    /// The next piece of what is pending, for a send (nil when nothing is); `settle` applies the answer.
    public func batch() -> RunOutputBatch? {
        guard !pendingText.isEmpty || !pendingPoints.isEmpty else { return nil }
        return RunOutputBatch(
            run: runID, logOffset: offset, log: String(Self.prefix(pendingText, maxBytes: Self.maxLogBytes)),
            points: Array(pendingPoints.prefix(Self.pointCount(pendingPoints))), idempotencyKey: pointsKey)
    }

    /// How many of the first points one send takes: at most `maxPoints` and `maxValues` values (always one).
    static func pointCount(_ points: [MetricPoint]) -> Int {
        var count = 0, values = 0
        for p in points {
            if count > 0, count >= maxPoints || values + p.values.count > maxValues { break }
            count += 1
            values += p.values.count
        }
        return count
    }

    /// At most `maxBytes` of UTF-8 from the start of `text`, ending after a newline when one is in reach
    /// (one character when even that is longer).
    static func prefix(_ text: String, maxBytes: Int) -> Substring {
        guard text.utf8.count > maxBytes else { return text[...] }
        var bytes = 0
        var end = text.startIndex
        for i in text.indices {
            let size = text[i].utf8.count
            if bytes + size > maxBytes { break }
            bytes += size
            end = text.index(after: i)
        }
        let head = text[..<end]
        if let newline = head.lastIndex(of: "\n") { return text[...newline] }
        return head.isEmpty ? text[...text.startIndex] : head
    }

    /// Drops what the server took from `sent`, keeps the rest for the next send. A log the run itself wrote
    /// to meanwhile (409) is continued at its end, as `flush` does.
    public func settle(_ sent: RunOutputBatch, _ result: RunOutputResult) async {
        if result.metricsStored, !sent.points.isEmpty {
            pendingPoints.removeFirst(sent.points.count)
            pointsKey = UUID().uuidString
        }
        if let size = result.logSize {
            pendingText.removeFirst(sent.log.count)
            offset = size
        } else if !sent.log.isEmpty, result.status == 409 || result.status == 400, let run = try? await client.run(id: runID) {
            offset = run.logSize
        }
    }

    private func appendLog(_ text: String) async throws {
        do {
            offset = try await client.appendLog(run: runID, offset: offset, text: text)
        } catch let SwoopClientError.server(status, _, _, _) where status == 409 || status == 400 {
            // Someone else (the run itself, through its token) wrote to the log: continue at its end.
            offset = try await client.run(id: runID).logSize
            offset = try await client.appendLog(run: runID, offset: offset, text: text)
        }
    }
}
