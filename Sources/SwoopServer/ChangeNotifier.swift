import Foundation
import ServiceLifecycle

/// Wakes long-polling requests in this process when something they wait for changes (an item enqueued
/// on a queue, a run of a sweep changed). Each topic has a counter; a waiter passes the counters it saw
/// before it last looked, so a change between its look and its wait is never missed.
public actor ChangeNotifier {
    private enum Slot {
        case allocated
        case cancelled
        case waiting(topics: Set<String>, continuation: CheckedContinuation<Void, Never>)
    }

    private var counters: [String: UInt64] = [:]
    private var slots: [UInt64: Slot] = [:]
    private var nextID: UInt64 = 0

    public init() {}

    /// The counters of `topics` now; pass them to `wait` after looking at the data.
    public func snapshot(_ topics: Set<String>) -> [String: UInt64] {
        Dictionary(uniqueKeysWithValues: topics.map { ($0, counters[$0, default: 0]) })
    }

    /// Records a change of `topic` and wakes everyone waiting on it.
    public func signal(_ topic: String) {
        counters[topic, default: 0] &+= 1
        for (id, slot) in slots {
            if case .waiting(let topics, let c) = slot, topics.contains(topic) {
                slots[id] = nil
                c.resume()
            }
        }
    }

    /// Returns when a topic changes after `seen`, when `timeout` passes, or when the task is cancelled.
    public nonisolated func wait(after seen: [String: UInt64], timeout: Duration) async {
        guard let id = await allocate(seen) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await self.park(id, topics: Set(seen.keys))
                } onCancel: {
                    Task { await self.cancel(id) }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            _ = await group.next()
            group.cancelAll()
        }
    }

    /// Waits like `wait(after:timeout:)`, but ends at once when the server starts shutting down, so a
    /// long-poll never holds up a graceful shutdown. Returns false when the server is shutting down.
    public nonisolated func waitUnlessShuttingDown(after seen: [String: UInt64], timeout: Duration) async -> Bool {
        if Task.isShuttingDownGracefully { return false }
        await cancelWhenGracefulShutdown { await self.wait(after: seen, timeout: timeout) }
        return !Task.isShuttingDownGracefully
    }

    /// Nil when a topic already moved past `seen`: no need to wait at all.
    private func allocate(_ seen: [String: UInt64]) -> UInt64? {
        for (topic, count) in seen where counters[topic, default: 0] != count { return nil }
        nextID &+= 1
        slots[nextID] = .allocated
        return nextID
    }

    private func park(_ id: UInt64, topics: Set<String>) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            if case .cancelled = slots[id] {
                slots[id] = nil
                c.resume()
            } else if slots[id] != nil {
                slots[id] = .waiting(topics: topics, continuation: c)
            } else {
                c.resume()
            }
        }
    }

    private func cancel(_ id: UInt64) {
        switch slots[id] {
        case .waiting(_, let c):
            slots[id] = nil
            c.resume()
        case .allocated:
            slots[id] = .cancelled
        case .cancelled, nil:
            break
        }
    }

    /// How many requests are parked (for tests and metrics).
    public var waiterCount: Int {
        slots.values.filter { if case .waiting = $0 { return true } else { return false } }.count
    }

    public static func queueTopic(_ id: some CustomStringConvertible) -> String { "queue:\(id)" }
    public static func sweepTopic(_ id: some CustomStringConvertible) -> String { "sweep:\(id)" }
}
