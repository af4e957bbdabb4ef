import Foundation

/// How a server listens and behaves; the `swoop server` options map onto it.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Off only for the local one-command mode on loopback (checked by `validate`).
    public var authenticationEnabled: Bool
    /// The largest JSON request body accepted (larger ones get 413 naming `body`).
    public var maxJSONBodyBytes: Int
    /// The largest code artifact accepted.
    public var maxBlobBytes: Int
    /// How often held leases are checked for expiry.
    public var leaseCheckInterval: Duration
    /// The longest a long-poll (`wait=`) may hold a request.
    public var maxWaitSeconds: Int
    /// While long-polling, how often to look at the database again even without an in-process wake-up,
    /// so a change made through another replica is seen.
    public var recheckInterval: Duration
    /// Lease length when the caller does not give one.
    public var defaultLeaseSeconds: Int
    /// How long a write's idempotent answer is kept for its retries (then the record is dropped).
    public var idempotencyRetention: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, authenticationEnabled: Bool = true,
        maxJSONBodyBytes: Int = 4 << 20, maxBlobBytes: Int = 256 << 20, leaseCheckInterval: Duration = .seconds(5),
        maxWaitSeconds: Int = 60, recheckInterval: Duration = .seconds(2), defaultLeaseSeconds: Int = 60,
        idempotencyRetention: Duration = .seconds(24 * 3600)
    ) {
        self.host = host; self.port = port; self.authenticationEnabled = authenticationEnabled
        self.maxJSONBodyBytes = maxJSONBodyBytes; self.maxBlobBytes = maxBlobBytes
        self.leaseCheckInterval = leaseCheckInterval; self.maxWaitSeconds = maxWaitSeconds
        self.recheckInterval = recheckInterval; self.defaultLeaseSeconds = defaultLeaseSeconds
        self.idempotencyRetention = idempotencyRetention
    }

    /// Refuses `--auth off` unless bound to loopback: without keys, anyone who reaches the port owns the server.
    public func validate() throws {
        if !authenticationEnabled, !Self.isLoopback(host) {
            throw ConfigurationError(
                message: "--auth off is only allowed when listening on loopback (127.0.0.1, ::1, localhost); "
                    + "'\(host)' would let anyone who reaches this port act as admin. Use --host 127.0.0.1 or keep auth on.")
        }
        guard (0...65535).contains(port) else { throw ConfigurationError(message: "--port must be 0...65535, got \(port)") }
    }

    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// A configuration the server refuses to start with.
    public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }
}
