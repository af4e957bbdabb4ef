/// The answer to an agent's batched lease renewal: the items renewed, and those whose lease is lost (with why).
public struct LeaseRenewals: Sendable, Codable, Hashable {
    public var renewed: [RenewedLease]
    public var lost: [LostLease]
    public init(renewed: [RenewedLease] = [], lost: [LostLease] = []) { self.renewed = renewed; self.lost = lost }
    /// Most leases one request may renew.
    public static let maxLeases = 200
}
