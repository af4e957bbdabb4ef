import Foundation
import Logging
import ServiceLifecycle

/// Drops idempotency records older than the retention once a minute, in bounded batches, so the table
/// holds about a retention's worth of writes instead of growing by one row per keyed write forever.
struct IdempotencyExpiryService: Service {
    let env: ServerEnvironment
    /// Rows per delete: a short write that never holds the writer long.
    static let batch = 1000

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await expireOnce(now: Date())
                do {
                    try await Task.sleep(for: .seconds(60))
                } catch {
                    return
                }
            }
        }
    }

    /// Removes every record older than the retention at `now`; returns how many.
    @discardableResult
    func expireOnce(now: Date) async -> Int {
        let cutoff = now.addingTimeInterval(-Self.seconds(env.configuration.idempotencyRetention))
        var removed = 0
        do {
            while !Task.isCancelled {
                let n = try await env.store.expireIdempotencyRecords(before: cutoff, limit: Self.batch)
                removed += n
                if n < Self.batch { break }
            }
        } catch {
            env.logger.warning("idempotency record expiry failed", metadata: ["error": "\(error)"])
        }
        if removed > 0 { env.logger.info("expired idempotency records", metadata: ["count": "\(removed)"]) }
        return removed
    }

    static func seconds(_ d: Duration) -> TimeInterval {
        TimeInterval(d.components.seconds) + TimeInterval(d.components.attoseconds) / 1e18
    }
}
