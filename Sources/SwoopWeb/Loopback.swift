import SwoopClient

/// Where the web app reaches its own server's API: writes go through the API as the signed-in user (the
/// same checks, idempotency and launch code as the CLI), so the port is learned once the server listens.
actor Loopback {
    private let host: String
    private var port: Int?

    init(host: String) {
        // A wildcard address is not one to connect to; loopback reaches it.
        switch host {
        case "0.0.0.0", "": self.host = "127.0.0.1"
        case "::", "[::]": self.host = "[::1]"
        default: self.host = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
    }

    func started(port: Int) { self.port = port }

    func client(apiKey: String?) throws -> SwoopClient {
        guard let port else { throw WebError(503, "the server is still starting; try again") }
        return SwoopClient(baseURL: "http://\(host):\(port)", apiKey: apiKey)
    }
}
