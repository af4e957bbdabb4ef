import Foundation

/// The web app's session secret: 32 random bytes kept in a file of the data folder (mode 0600), so
/// sessions survive a restart; replicas behind one load balancer share the file.
public enum WebSecret {
    /// The secret in `file`, made when the file does not exist; an unreadable or short file is an error naming it.
    public static func load(file: URL) throws -> [UInt8] {
        let fm = FileManager.default
        if fm.fileExists(atPath: file.path) {
            guard let data = fm.contents(atPath: file.path) else { throw WebSecretError("cannot read the web session secret \(file.path)") }
            guard data.count >= 32 else {
                throw WebSecretError("\(file.path): the web session secret must hold at least 32 bytes, it has \(data.count); delete it to make a new one")
            }
            return Array(data)
        }
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        guard fm.createFile(atPath: file.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw WebSecretError("cannot write the web session secret \(file.path)")
        }
        return bytes
    }
}
