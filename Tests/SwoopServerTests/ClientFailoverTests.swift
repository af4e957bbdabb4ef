import Foundation
import SwoopClient
import SwoopModel
import Testing

/// A client given several replicas (`--base-url a,b`) moves on when one does not answer, and stays on
/// the one that did.
@Suite struct ClientFailoverTests {
    @Test func addressListsAreReadLeniently() {
        #expect(ServerAddresses("http://a:1").urls == ["http://a:1"])
        #expect(ServerAddresses("http://a:1/, http://b:2 ,,").urls == ["http://a:1", "http://b:2"])
        let c = SwoopClient(baseURL: "http://a:1/,http://b:2", apiKey: nil)
        #expect(c.baseURL == "http://a:1,http://b:2")
        #expect(c.addresses.preferredFirst == "http://a:1,http://b:2")
    }

    @Test func aDeadReplicaIsSkippedAndTheLiveOneKept() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-failover-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await ServerProcess.start(["--auth", "off", "--data", dir.path])
        defer { _ = live.terminate() }
        // Port 9 (discard) has no listener here: the connection is refused at once.
        let dead = "http://127.0.0.1:9"
        // One attempt asked for, yet each replica gets its try.
        let client = SwoopClient(baseURL: "\(dead),\(live.baseURL)", apiKey: nil, maxAttempts: 1, requestTimeout: 10)
        let entity = try await client.createEntity(name: "team")
        #expect(client.addresses.preferredFirst == "\(live.baseURL),\(dead)", "the replica that answered goes first")
        // Later calls (and copies made with another key) start on the live replica.
        #expect(try await client.with(apiKey: nil).entity(named: "team").id == entity.id)
        let alone = SwoopClient(baseURL: dead, apiKey: nil, maxAttempts: 1, requestTimeout: 10)
        await #expect(throws: SwoopClientError.self) { try await alone.createEntity(name: "other") }
    }
}
