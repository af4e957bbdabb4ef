import Foundation
import SwoopTestSupport

/// Whether the podman tests run: `SWOOP_TEST_PODMAN` and `SWOOP_TEST_IMAGE` come from
/// `scripts/ci/podman-up.sh` (with `CONTAINERS_CONF`). Unset outside CI: skipped; unset in CI: a failure.
enum PodmanGate {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var enabled: Bool { TestEnvironment.value("SWOOP_TEST_PODMAN") != nil || TestEnvironment.isCI }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "SWOOP_TEST_PODMAN is not set but CI is: run `eval \"$(scripts/ci/podman-up.sh)\"` (exports CONTAINERS_CONF, "
                + "SWOOP_TEST_PODMAN and SWOOP_TEST_IMAGE) before the tests"
        }
    }

    /// The local test image (busybox), or a failure saying how to get podman ready.
    static func image() throws -> String {
        guard (environment["SWOOP_TEST_PODMAN"] ?? "").isEmpty == false else { throw Missing() }
        return environment["SWOOP_TEST_IMAGE"].flatMap { $0.isEmpty ? nil : $0 } ?? "localhost/busybox:local"
    }
}
