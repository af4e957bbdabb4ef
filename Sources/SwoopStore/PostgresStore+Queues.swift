import Foundation
import PostgresNIO
import SwoopModel

extension PostgresStore {
    public func createQueue(
        entity: EntityID, name: String, resource: String, configTemplate: JSONValue, prioritized: Bool,
        expiredLeasePolicy: ExpiredLeasePolicy, now: Date
    ) async throws -> Queue {
        try Validation.name(name)
        try Validation.name(resource, field: "resource")
        let id = QueueID.random()
        return try await write { db in
            _ = try await self.fetch(db, SQL.entityByID, [SQLValue(entity)], notFound: .notFound(entity), RecordRows.entity)
            if try await db.one(SQL.queueByName, [SQLValue(entity), .text(name)]) != nil {
                throw StoreError.conflict(kind: "queue", id: name, reason: "the entity has a queue with this name")
            }
            try await db.run(SQL.insertQueue, [
                SQLValue(id), SQLValue(entity), .text(name), .text(resource), SQLValue(configTemplate), SQLValue(prioritized),
                .text(expiredLeasePolicy.rawValue), SQLValue(now),
            ])
            return try await self.fetch(db, SQL.queueByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.queue)
        }
    }

    public func queue(id: QueueID) async throws -> Queue {
        try await read { db in try await self.fetch(db, SQL.queueByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.queue) }
    }

    public func queue(entity: EntityID, named name: String) async throws -> Queue {
        try await read { db in
            try await self.fetch(db, SQL.queueByName, [SQLValue(entity), .text(name)], notFound: .notFound(kind: "queue", id: name), RecordRows.queue)
        }
    }

    public func listQueues(entity: EntityID, page: PageRequest) async throws -> Page<Queue> {
        try await list(SQL.listQueues, [SQLValue(entity)], page, RecordRows.queue)
    }

    public func updateQueue(
        id: QueueID, configTemplate: JSONValue, prioritized: Bool, expiredLeasePolicy: ExpiredLeasePolicy
    ) async throws -> Queue {
        try await write { db in
            let changed = try await db.run(SQL.updateQueue, [
                SQLValue(configTemplate), SQLValue(prioritized), .text(expiredLeasePolicy.rawValue), SQLValue(id),
            ])
            if changed == 0 { throw StoreError.notFound(id) }
            return try await self.fetch(db, SQL.queueByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.queue)
        }
    }

    public func enqueue(
        queue: QueueID, spec: JSONValue, priority: Priority, run: RunID?, sweep: SweepID?, isScheduler: Bool, now: Date
    ) async throws -> QueueItem {
        let id = QueueItemID.random()
        return try await write { db in
            _ = try await self.fetch(db, SQL.queueByID, [SQLValue(queue)], notFound: .notFound(queue), RecordRows.queue)
            if let run, try await db.one(SQL.runExists, [SQLValue(run)]) == nil { throw StoreError.notFound(run) }
            if let sweep, try await db.one(SQL.sweepByID, [SQLValue(sweep)]) == nil { throw StoreError.notFound(sweep) }
            try await db.run(SQL.insertItem, [
                SQLValue(id), SQLValue(queue), SQLValue(spec), .int(Int64(priority.rawValue)), SQLValue(run), SQLValue(sweep),
                SQLValue(isScheduler), .int(0), SQLValue(now), SQLValue(now),
            ])
            try await db.run(SQL.setOrderKeyToSeq, [SQLValue(id)])
            return try await self.item(db, id)
        }
    }

    func item(_ db: PostgresConnection, _ id: QueueItemID) async throws -> QueueItem {
        try await fetch(db, SQL.itemByIDForUpdate, [SQLValue(id)], notFound: .notFound(id), RecordRows.queueItem)
    }

    public func queueItem(id: QueueItemID) async throws -> QueueItem {
        try await read { db in try await self.fetch(db, SQL.itemByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.queueItem) }
    }

    public func queueItemAndQueue(id: QueueItemID) async throws -> (item: QueueItem, queue: Queue) {
        try await read { db in
            let item = try await self.fetch(db, SQL.itemByID, [SQLValue(id)], notFound: .notFound(id), RecordRows.queueItem)
            let queue = try await self.fetch(db, SQL.queueByID, [SQLValue(item.queueID)], notFound: .notFound(item.queueID), RecordRows.queue)
            return (item, queue)
        }
    }

    public func listQueueItems(queue: QueueID, states: Set<QueueItemState>?, page: PageRequest) async throws -> Page<QueueItem> {
        guard let states else { return try await list(SQL.listItems, [SQLValue(queue)], page, RecordRows.queueItem) }
        if states.isEmpty { return Page(items: [], nextCursor: nil) }
        let names = states.map(\.rawValue).sorted()
        return try await list(SQL.listItems(inStates: names.count), [SQLValue(queue)] + names.map { .text($0) }, page, RecordRows.queueItem)
    }

    public func lease(queues: [QueueID], agent: AgentID, leaseSeconds: Int, now: Date) async throws -> QueueItem? {
        try Validation.leaseSeconds(leaseSeconds)
        guard !queues.isEmpty else { throw StoreError.invalid(field: "queues", reason: "name at least one queue") }
        let deadline = QueueRules.deadline(now, leaseSeconds)
        return try await write { db in
            for q in queues {
                let queue = try await self.fetch(db, SQL.queueByID, [SQLValue(q)], notFound: .notFound(q), RecordRows.queue)
                guard let row = try await db.one(queue.prioritized ? SQL.nextPrioritized : SQL.nextFIFO, [SQLValue(q)]) else { continue }
                let id: QueueItemID = try row.id(0)
                guard try await db.run(SQL.claimItem, [SQLValue(agent), SQLValue(deadline), SQLValue(now), SQLValue(id)]) == 1 else {
                    continue
                }
                return try await self.item(db, id)
            }
            return nil
        }
    }

    public func heartbeat(lease: LeaseHolder, leaseSeconds: Int, now: Date) async throws -> QueueItem {
        try Validation.leaseSeconds(leaseSeconds)
        return try await write { db in
            try QueueRules.requireHeld(try await self.item(db, lease.item), by: lease)
            try await db.run(SQL.extendLease, [SQLValue(QueueRules.deadline(now, leaseSeconds)), SQLValue(now), SQLValue(lease.item)])
            return try await self.item(db, lease.item)
        }
    }

    public func renewLeases(_ leases: [LeaseHolder], leaseSeconds: Int, now: Date) async throws -> LeaseRenewals {
        try Validation.leaseSeconds(leaseSeconds)
        guard !leases.isEmpty else { return LeaseRenewals() }
        return try await write { db in
            var answer = LeaseRenewals()
            // Rows are locked in id order, so two batches never wait on each other in a cycle.
            for lease in leases.sorted(by: { $0.item.rawValue < $1.item.rawValue }) {
                do {
                    try QueueRules.requireRenewable(try await self.item(db, lease.item), by: lease)
                    let deadline = QueueRules.deadline(now, leaseSeconds)
                    try await db.run(SQL.extendLease, [SQLValue(deadline), SQLValue(now), SQLValue(lease.item)])
                    answer.renewed.append(RenewedLease(id: lease.item, leaseDeadline: deadline))
                } catch {
                    guard let lost = QueueRules.lostLease(error, item: lease.item) else { throw error }
                    answer.lost.append(lost)
                }
            }
            return answer
        }
    }

    public func markRunning(lease: LeaseHolder, run: RunID?, now: Date) async throws -> QueueItem {
        try await write { db in
            let current = try await self.item(db, lease.item)
            try QueueRules.requireHeld(current, by: lease)
            // A retried call finds the item already running and changes nothing.
            if current.state != .running { try QueueRules.requireTransition(current, to: .running) }
            if let run, try await db.one(SQL.runExists, [SQLValue(run)]) == nil { throw StoreError.notFound(run) }
            try await db.run(SQL.setItemRunning, [SQLValue(run), SQLValue(now), SQLValue(lease.item)])
            return try await self.item(db, lease.item)
        }
    }

    public func complete(lease: LeaseHolder, now: Date) async throws -> QueueItem {
        try await finish(lease: lease, state: .done, message: nil, now: now)
    }

    public func fail(lease: LeaseHolder, message: String, now: Date) async throws -> QueueItem {
        try await finish(lease: lease, state: .failed, message: message, now: now)
    }

    private func finish(lease: LeaseHolder, state: QueueItemState, message: String?, now: Date) async throws -> QueueItem {
        try await write { db in
            let current = try await self.item(db, lease.item)
            try QueueRules.requireHeld(current, by: lease)
            try QueueRules.requireTransition(current, to: state)
            try await db.run(SQL.finishItem, [.text(state.rawValue), SQLValue(message), SQLValue(now), SQLValue(lease.item)])
            return try await self.item(db, lease.item)
        }
    }

    public func requeue(lease: LeaseHolder, now: Date) async throws -> QueueItem {
        try await write { db in
            let current = try await self.item(db, lease.item)
            try QueueRules.requireHeld(current, by: lease)
            try QueueRules.requireTransition(current, to: .pending)
            return try await self.giveBack(db, current, action: .requeue, now: now)
        }
    }

    /// Returns an item to the front of its priority level (requeue) or fails it (crash), and moves its run along.
    func giveBack(_ db: PostgresConnection, _ item: QueueItem, action: ExpiredLeasePolicy, now: Date) async throws -> QueueItem {
        switch action {
        case .requeue:
            let front = try await db.one(SQL.minPendingOrderKey, [SQLValue(item.queueID)])?.int64(0) ?? 0
            try await db.run(SQL.returnItem, [.int(front - 1), SQLValue(now), SQLValue(item.id)])
        case .crash:
            try await db.run(SQL.finishItem, [.text(QueueItemState.failed.rawValue), .text("lease expired"), SQLValue(now), SQLValue(item.id)])
        }
        if let runID = item.runID {
            let run = try await fetch(db, SQL.runByIDForUpdate, [SQLValue(runID)], notFound: .notFound(runID), RecordRows.run)
            for step in QueueRules.runSteps(from: run.state, action: action) {
                let message = step == .crashed ? "the agent stopped renewing the lease" : nil
                _ = try await transitionRun(db, runID, to: step, exitCode: nil, errorMessage: message, now: now)
            }
        }
        return try await self.item(db, item.id)
    }

    public func cancelItem(id: QueueItemID, reason: String, now: Date) async throws -> QueueItem {
        try await write { db in
            try QueueRules.requireCancellable(try await self.item(db, id))
            try await db.run(SQL.finishItem, [.text(QueueItemState.failed.rawValue), .text(reason), SQLValue(now), SQLValue(id)])
            return try await self.item(db, id)
        }
    }

    public func cancelPendingItems(sweep: SweepID, reason: String, now: Date) async throws -> [QueueItem] {
        try await write { db in
            _ = try await self.fetch(db, SQL.sweepByIDWithoutState, [SQLValue(sweep)], notFound: .notFound(sweep), RecordRows.sweep)
            var out: [QueueItem] = []
            for item in try await db.rows(SQL.pendingItemsOfSweep, [SQLValue(sweep)]).map(RecordRows.queueItem) {
                try await db.run(SQL.finishItem, [.text(QueueItemState.failed.rawValue), .text(reason), SQLValue(now), SQLValue(item.id)])
                out.append(try await self.item(db, item.id))
            }
            return out
        }
    }

    public func expireLeases(now: Date) async throws -> [ExpiredLease] {
        try await write { db in
            let expired = try await db.rows(SQL.expiredItems, [SQLValue(now)]).map(RecordRows.queueItem)
            var policies: [QueueID: ExpiredLeasePolicy] = [:]
            var out: [ExpiredLease] = []
            for item in expired {
                let policy: ExpiredLeasePolicy
                if let known = policies[item.queueID] {
                    policy = known
                } else {
                    policy = try await self.fetch(db, SQL.queueByID, [SQLValue(item.queueID)], notFound: .notFound(item.queueID),
                                            RecordRows.queue).expiredLeasePolicy
                    policies[item.queueID] = policy
                }
                let action = QueueRules.expiryAction(for: item, policy: policy)
                let updated = try await self.giveBack(db, item, action: action, now: now)
                out.append(ExpiredLease(item: updated, action: action, previousOwner: item.leaseOwner))
            }
            return out
        }
    }
}
