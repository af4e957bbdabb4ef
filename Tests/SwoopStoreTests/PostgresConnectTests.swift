import Foundation
import SwoopTestSupport
import Testing
@testable import SwoopStore

/// Opening PostgreSQL fails at once with the server's reason, never after the pool's retries.
@Suite struct PostgresConnectTests {
    func openError(_ url: String) async -> String? {
        do {
            let store = try await StoreFactory.open(url: url, dataDirectory: FileManager.default.temporaryDirectory)
            await store.close()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func unreachableServerIsReportedAtOpen() async throws {
        let message = try #require(await openError("postgres://swoop:swoop@127.0.0.1:1/swoop"))
        #expect(message.hasPrefix("database error: cannot connect to PostgreSQL at 127.0.0.1:1 as swoop:"))
        #expect(message.contains("refused"))
    }

    @Test(arguments: Backend.all.filter { $0 == .postgres })
    func wrongPasswordIsReportedAtOpen(_ backend: Backend) async throws {
        let base = try #require(TestEnvironment.postgresURL, "\(TestEnvironment.MissingPostgres())")
        var c = try #require(URLComponents(string: base))
        c.password = "definitely-wrong"
        let url = try #require(c.string)
        let message = try #require(await openError(url))
        #expect(message.contains("password authentication failed"))
    }
}
