import Hummingbird

/// Something served beside the JSON API by the same router (the web app): it adds its routes, and is
/// told the port once the server listens (port 0 picks one at start).
public protocol ServerExtension: Sendable {
    func register(on router: Router<ServerContext>)
    func serverRunning(port: Int) async
}
