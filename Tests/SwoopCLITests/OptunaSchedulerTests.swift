import Foundation
import Testing

/// The Optuna example scheduler (examples/schedulers/optuna) driving sweeps to their end on the real
/// `swoop server`: its pytest suite, pointed at the `swoop` binary built next to this test runner.
@Suite struct OptunaSchedulerTests {
    @Test func optunaExampleSchedulerPassesItsSuite() throws {
        let root = SwoopProcess.projectRoot
        let tests = root.appendingPathComponent("examples/schedulers/optuna/tests").path
        // CI installs optuna and pytest for python3 (.ci/run); SWOOP_TEST_PYTHON may name another interpreter.
        let python = ProcessInfo.processInfo.environment["SWOOP_TEST_PYTHON"] ?? "python3"
        let out = try SwoopProcess.runCommand(
            "/usr/bin/timeout",
            ["-s", "KILL", "900", "/usr/bin/env", "SWOOP_BIN=\(SwoopProcess.swoop)", "PYTHONDONTWRITEBYTECODE=1",
             python, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests],
            cwd: root)
        #expect(out.status == 0, "pytest \(tests) failed (status \(out.status)):\n\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.contains(" passed"), "pytest ran no test:\n\(out.stdout)")
    }
}
