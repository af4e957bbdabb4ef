import GRDB

/// Group commit for the SQLite writer: write transactions that arrive while a commit is in flight share
/// the next SQLite transaction and its one fsync, and each caller is answered only after that commit.
///
/// Why: with `synchronous=FULL` every commit waits for the disk, and SQLite has one writer, so N
/// concurrent writes (16 agents leasing, completing, heartbeating) used to queue behind N fsyncs. Now they
/// queue behind one. Isolation is kept per write: each runs in its own SAVEPOINT inside the shared
/// transaction, so a write that throws is rolled back alone (none of its statements commit) and the
/// others commit. If SQLite abandons the whole transaction (an I/O error, a full disk) or the commit
/// itself fails, nothing of the batch was committed and every write of it is run again on its own, so
/// one bad write can never fail another.
actor SQLiteGroupCommit {
    typealias Body = @Sendable (Database) throws -> any Sendable

    private struct Job {
        let fsync: Bool
        let body: Body
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let pool: DatabasePool
    private let maxBatch: Int
    private var pending: [Job] = []
    private var draining = false
    /// Commits made so far (for tests: concurrent writes share them).
    private(set) var commits = 0
    /// Writes submitted so far (for tests).
    private(set) var received = 0

    init(pool: DatabasePool, maxBatch: Int = 64) {
        self.pool = pool
        self.maxBatch = max(1, maxBatch)
    }

    /// Runs `body` in the next shared transaction and returns its value once that transaction is committed.
    func submit(fsync: Bool, _ body: @escaping Body) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<any Sendable, any Error>) in
            received += 1
            pending.append(Job(fsync: fsync, body: body, continuation: c))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            let results = await commitBatch(batch)
            for (job, result) in zip(batch, results) { job.continuation.resume(with: result) }
        }
        draining = false
    }

    /// Commits `batch` as one transaction, falling back to one transaction per write when the shared one fails as a whole.
    private func commitBatch(_ batch: [Job]) async -> [Result<any Sendable, any Error>] {
        commits += 1
        do {
            return try await Self.commit(batch, pool: pool)
        } catch {
            guard batch.count > 1 else { return [.failure(SQLiteStore.translate(error))] }
            var results: [Result<any Sendable, any Error>] = []
            for job in batch { results += await commitBatch([job]) }
            return results
        }
    }

    private static func commit(_ batch: [Job], pool: DatabasePool) async throws -> [Result<any Sendable, any Error>] {
        let fsync = batch.contains { $0.fsync }
        return try await pool.writeWithoutTransaction { db in
            // Set on every commit rather than restored after one: a failed restore would leave every later
            // commit without its fsync, silently. One write that needs the fsync makes the whole batch wait for it.
            try db.execute(sql: fsync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            var results: [Result<any Sendable, any Error>] = []
            try db.inTransaction(.immediate) {
                for job in batch {
                    var value: (any Sendable)?
                    do {
                        try db.inSavepoint {
                            value = try job.body(db)
                            return .commit
                        }
                        results.append(.success(value!))
                    } catch {
                        // SQLite rolled back the whole transaction: the earlier writes are gone too; retry each alone.
                        guard db.isInsideTransaction else { throw error }
                        results.append(.failure(SQLiteStore.translate(error)))
                    }
                }
                return .commit
            }
            return results
        }
    }
}
