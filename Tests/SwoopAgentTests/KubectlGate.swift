import Foundation
import SwoopTestSupport

/// Where `kubectl` is for the offline manifest checks: `SWOOP_TEST_KUBECTL` (`.ci/run` sets it).
/// Unset outside CI: those checks are skipped; unset in CI: they fail.
enum KubectlGate {
    static let env = ProcessInfo.processInfo.environment
    static var enabled: Bool { !(env["SWOOP_TEST_KUBECTL"] ?? "").isEmpty || TestEnvironment.isCI }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "SWOOP_TEST_KUBECTL is not set but CI is: .ci/run must export the path of kubectl" }
    }

    static func kubectl() throws -> String {
        guard let k = env["SWOOP_TEST_KUBECTL"], !k.isEmpty else { throw Missing() }
        return k
    }
}
