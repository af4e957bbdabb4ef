import Foundation
import SwoopTestSupport

/// A private network made by one test (needs root and iproute2): a bridge in the host's namespace that
/// holds the servers' addresses, and per agent a network namespace joined to the bridge by a veth pair,
/// so each agent reaches the servers over an address of its own. Addresses come from one free /28 of
/// 198.18.0.0/24 (the benchmarking range) and are assigned only to these interfaces; names carry a
/// random tag, so concurrent test runs do not collide. `remove()` deletes everything (call it on every path).
final class TestNetwork: Sendable {
    let tag: String
    let bridge: String
    let namespaces: [String]
    /// Addresses on the bridge, one per server.
    let serverAddresses: [String]
    /// Each namespace's own address.
    let agentAddresses: [String]

    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether this process can build one (root, with `ip`).
    static var isAvailable: Bool { getuid() == 0 && ip != nil }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(servers: Int, agents: Int) throws {
        precondition(servers + agents <= 13, "one /28 holds 13 usable addresses besides .0, .15 and the spare")
        let tag = String(UInt32.random(in: 0..<(1 << 20)), radix: 16)
        self.tag = tag
        bridge = "swb\(tag)"
        namespaces = (0..<agents).map { "swoop-\(tag)-a\($0)" }
        let base = try Self.freeBlock()
        serverAddresses = (0..<servers).map { "198.18.0.\(base + 1 + $0)" }
        agentAddresses = (0..<agents).map { "198.18.0.\(base + 1 + servers + $0)" }
        do {
            try setUp()
        } catch {
            remove()
            throw error
        }
    }

    /// The command line that runs `args` inside agent namespace `index`.
    func exec(in index: Int, _ args: [String]) -> [String] {
        [Self.ip!, "netns", "exec", namespaces[index]] + args
    }

    private func hostSide(_ i: Int) -> String { "swv\(tag)\(i)h" }
    private func nsSide(_ i: Int) -> String { "swv\(tag)\(i)n" }

    private func setUp() throws {
        try Self.run(["link", "add", bridge, "type", "bridge"])
        for a in serverAddresses { try Self.run(["addr", "add", "\(a)/28", "dev", bridge]) }
        try Self.run(["link", "set", bridge, "up"])
        for (i, ns) in namespaces.enumerated() {
            try Self.run(["netns", "add", ns])
            try Self.run(["link", "add", hostSide(i), "type", "veth", "peer", "name", nsSide(i)])
            try Self.run(["link", "set", hostSide(i), "master", bridge])
            try Self.run(["link", "set", hostSide(i), "up"])
            try Self.run(["link", "set", nsSide(i), "netns", ns])
            try Self.run(["-n", ns, "addr", "add", "\(agentAddresses[i])/28", "dev", nsSide(i)])
            try Self.run(["-n", ns, "link", "set", nsSide(i), "up"])
            try Self.run(["-n", ns, "link", "set", "lo", "up"])
        }
    }

    /// Deletes the namespaces (their veth ends go with them, and so do the host ends) and the bridge.
    func remove() {
        for (i, ns) in namespaces.enumerated() {
            _ = try? Self.run(["netns", "del", ns])
            _ = try? Self.run(["link", "del", hostSide(i)])
        }
        _ = try? Self.run(["link", "del", bridge])
    }

    /// The first /28 of 198.18.0.0/24, from a random start, with no address of it on any interface here.
    private static func freeBlock() throws -> Int {
        let shown = try run(["-4", "-o", "addr", "show"])
        let used = Set(shown.split(separator: "\n").compactMap { line -> Int? in
            guard let r = line.range(of: "inet 198.18.0.") else { return nil }
            return Int(line[r.upperBound...].prefix { $0.isNumber }).map { $0 / 16 * 16 }
        })
        let start = Int.random(in: 0..<16)
        for k in 0..<16 {
            let block = (start + k) % 16 * 16
            if !used.contains(block) { return block }
        }
        throw Failure(description: "every /28 of 198.18.0.0/24 is in use on this machine")
    }

    @discardableResult
    private static func run(_ args: [String]) throws -> String {
        try ToolCommand.output(ip!, args, name: "ip")
    }
}
