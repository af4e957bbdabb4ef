import Foundation

/// Whether podman is ready for the CLI's container tests (`scripts/ci/podman-up.sh` exports the variables):
/// outside CI they are skipped without it, in CI its absence fails them.
enum PodmanSetup {
    static let env = ProcessInfo.processInfo.environment
    static var enabled: Bool { !(env["SWOOP_TEST_PODMAN"] ?? "").isEmpty || !(env["CI"] ?? "").isEmpty }

    static func image() throws -> String {
        guard !(env["SWOOP_TEST_PODMAN"] ?? "").isEmpty else {
            throw LaunchWorld.WorldError("CI is set but SWOOP_TEST_PODMAN is not: .ci/run must run scripts/ci/podman-up.sh")
        }
        return env["SWOOP_TEST_IMAGE"] ?? "localhost/busybox:local"
    }
}
