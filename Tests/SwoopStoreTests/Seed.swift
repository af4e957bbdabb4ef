import Foundation
import SwoopModel
@testable import SwoopStore

/// A small world most tests start from: an entity, a project and a queue.
struct Seed: Sendable {
    let entity: Entity
    let project: Project
    let queue: Queue

    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func make(
        _ store: any Store, prioritized: Bool = true, policy: ExpiredLeasePolicy = .requeue
    ) async throws -> Seed {
        let e = try await store.createEntity(name: "team-\(UUID().uuidString.prefix(8))", kind: .team, now: t0)
        let p = try await store.createProject(entity: e.id, name: "proj", now: t0)
        let q = try await store.createQueue(
            entity: e.id, name: "gpu", resource: "local-process", configTemplate: ["env": ["A": "1"]],
            prioritized: prioritized, expiredLeasePolicy: policy, now: t0)
        return Seed(entity: e, project: p, queue: q)
    }

    func agent(_ store: any Store, _ name: String = "agent") async throws -> Agent {
        try await store.registerAgent(entity: entity.id, name: name, queues: [queue.id], now: Seed.t0)
    }
}

extension Date {
    func plus(_ seconds: Double) -> Date { addingTimeInterval(seconds) }
}
