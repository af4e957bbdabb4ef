import Foundation

/// The agent's handle on a running run: asking its resource to stop it.
///
/// A stop asked before the resource started waiting is kept, so a stop request never gets lost.
public final class RunControl: Sendable {
    /// How long a stopped process gets between SIGTERM and SIGKILL.
    public let grace: Duration
    private let signals: AsyncStream<Void>
    private let sink: AsyncStream<Void>.Continuation

    public init(grace: Duration = .seconds(10)) {
        self.grace = grace
        (signals, sink) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the resource to stop the process.
    public func stop() { sink.yield(()) }

    /// Returns when a stop is asked; returns early (false) when the calling task is cancelled.
    public func waitForStop() async -> Bool {
        for await _ in signals { return true }
        return false
    }
}
