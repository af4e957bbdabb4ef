/// Serializes requests that carry the same idempotency key in this process: a retry that arrives while
/// the first attempt is still running waits for it and then gets its stored answer, instead of running
/// the write a second time. (Across replicas the store's first-answer-wins record still holds.)
actor InFlightKeys {
    private var queues: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Returns once the caller holds `key`; every `acquire` must be paired with one `release`.
    func acquire(_ key: String) async {
        guard queues[key] != nil else {
            queues[key] = []
            return
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in queues[key, default: []].append(c) }
    }

    /// Hands `key` to the next waiter, or frees it.
    func release(_ key: String) {
        guard var waiting = queues[key] else { return }
        if waiting.isEmpty {
            queues[key] = nil
        } else {
            let next = waiting.removeFirst()
            queues[key] = waiting
            next.resume()
        }
    }
}
