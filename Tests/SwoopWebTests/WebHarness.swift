import AsyncHTTPClient
import Foundation
import Logging
import SwoopClient
import SwoopModel
import SwoopServer
import SwoopStore
import SwoopTestSupport
import SwoopWeb

/// A real `SwoopServer` with the web app on 127.0.0.1 (a free port) over SQLite in a temporary folder,
/// an admin API client, and the admin's key for signing in.
struct WebHarness: Sendable {
    let env: ServerEnvironment
    let baseURL: String
    let admin: SwoopClient
    let adminKey: String?

    static func with(auth: Bool = true, _ body: (WebHarness) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-web-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await StoreFactory.open(url: nil, dataDirectory: dir)
        var logger = Logger(label: "swoop.web.test")
        logger.logLevel = .warning
        let made = auth ? try await SwoopServer.bootstrapAdmin(store: store, force: false) : nil
        let localUser = auth ? nil : try await SwoopServer.localUser(store: store)
        let env = ServerEnvironment(
            store: store, blobs: BlobStore(dataDirectory: dir),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, authenticationEnabled: auth), logger: logger, localUser: localUser)
        let web = WebApp(env: env, secret: try WebSecret.load(file: dir.appendingPathComponent("web-secret")))
        do {
            try await LoopbackServer.serve(SwoopServer(env: env, extensions: [web])) { base in
                try await body(WebHarness(env: env, baseURL: base, admin: SwoopClient(baseURL: base, apiKey: made?.key), adminKey: made?.key))
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// A browser with an empty cookie jar; closed after `body`.
    func browser(_ body: (Browser) async throws -> Void) async throws {
        let b = Browser(baseURL: baseURL)
        do { try await body(b) } catch {
            await b.close()
            throw error
        }
        await b.close()
    }
}

struct WebTestError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
