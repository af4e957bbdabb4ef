import Foundation
import Logging
import ServiceLifecycle
import SwoopModel

/// Takes back expired leases every few seconds (`Store.expireLeases`), counts them, and wakes lessees
/// waiting on the queues that got items back. Stops on graceful shutdown.
struct LeaseExpiryService: Service {
    let env: ServerEnvironment

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: env.configuration.leaseCheckInterval)
                } catch {
                    return
                }
                await expireOnce()
            }
        }
    }

    func expireOnce() async {
        do {
            let expired = try await env.store.expireLeases(now: Date())
            guard !expired.isEmpty else { return }
            env.metrics.leasesExpired.increment(by: expired.count)
            for e in Set(expired.map(\.item.queueID)) { await env.queueChanged(e) }
            for s in Set(expired.compactMap(\.item.sweepID)) { await env.notifier.signal(ChangeNotifier.sweepTopic(s)) }
            env.logger.info("expired leases", metadata: ["count": "\(expired.count)"])
        } catch {
            env.logger.warning("lease expiry failed", metadata: ["error": "\(error)"])
        }
    }
}
