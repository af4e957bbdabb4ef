import Foundation
import Synchronization

/// The server replicas a client may talk to, and which one it tries first: the last one that answered,
/// so after a failover every request does not pay a refused connection to the dead replica again.
public final class ServerAddresses: Sendable {
    /// Base URLs without a trailing slash, in the order given.
    public let urls: [String]
    private let preferred = Atomic<Int>(0)

    /// Reads `list` as one base URL or several separated by commas (`http://a:8080,http://b:8080`);
    /// empty entries are ignored.
    public init(_ list: String) {
        let urls = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.urls = urls.isEmpty ? [list] : urls
    }

    /// All of them, comma-separated, the one that answered last first (for a run's `SWOOP_BASE_URL`:
    /// clients that take only one address use a live one).
    public var preferredFirst: String {
        let i = first
        return (urls[i...] + urls[..<i]).joined(separator: ",")
    }

    /// The index to try first.
    var first: Int { preferred.load(ordering: .relaxed) % urls.count }

    /// The index to try after `index` failed to answer.
    func next(after index: Int) -> Int { (index + 1) % urls.count }

    /// Remembers that `index` answered.
    func answered(_ index: Int) { preferred.store(index, ordering: .relaxed) }
}
