import Foundation

/// What the environment tells tests: whether CI runs them (a service that is missing there is a failure,
/// not a skip), where the test PostgreSQL is, and where the `swoop` binary built beside the runner is.
public enum TestEnvironment {
    /// A variable's value, nil when unset or empty.
    public static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var isCI: Bool { value("CI").map { $0 != "0" && $0 != "false" } ?? false }

    public static var postgresURL: String? { value("SWOOP_TEST_POSTGRES_URL") }

    /// The build folder that holds both the test runner and `swoop`.
    public static var buildDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    public static var swoopBinary: String { buildDirectory.appendingPathComponent("swoop").path }

    /// Thrown where PostgreSQL is needed but not configured while CI runs the tests.
    public struct MissingPostgres: Error, CustomStringConvertible {
        public init() {}
        public var description: String {
            "SWOOP_TEST_POSTGRES_URL is not set but CI is: start PostgreSQL with "
                + "`PG_DIR=/tmp/swoop-pg PGPORT=5433 scripts/ci/pg-up.sh` and export "
                + "SWOOP_TEST_POSTGRES_URL=postgres://swoop:swoop@127.0.0.1:5433/swoop"
        }
    }
}
