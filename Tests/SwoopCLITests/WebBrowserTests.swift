import Foundation
import SwoopTestSupport
import Testing

/// The web app in a real headless Chromium (Tests/web, pytest + playwright): the real `swoop server`
/// and `swoop launch-agent` built next to this test runner. `.ci/run` installs Debian's chromium and
/// playwright and sets SWOOP_TEST_CHROMIUM; without it the test is skipped locally and fails in CI.
@Suite struct WebBrowserTests {
    static var chromium: String? { TestEnvironment.value("SWOOP_TEST_CHROMIUM") }

    @Test(.enabled(if: chromium != nil || TestEnvironment.isCI, "SWOOP_TEST_CHROMIUM is not set (apt-get install chromium; pip install playwright)"))
    func browserSuitePasses() throws {
        let chromium = try #require(Self.chromium, "SWOOP_TEST_CHROMIUM is not set but CI is: .ci/run installs chromium and sets it")
        try #require(FileManager.default.isExecutableFile(atPath: chromium), "no chromium at \(chromium)")
        try #require(FileManager.default.isExecutableFile(atPath: SwoopProcess.swoop), "no swoop binary at \(SwoopProcess.swoop)")
        let shots = ProcessInfo.processInfo.environment["SWOOP_SCREENSHOT_DIR"]
            ?? SwoopProcess.projectRoot.appendingPathComponent(".build/web-screenshots").path
        let out = try SwoopProcess.runCommand(
            "/usr/bin/env",
            ["SWOOP_BIN=\(SwoopProcess.swoop)", "SWOOP_TEST_CHROMIUM=\(chromium)", "SWOOP_SCREENSHOT_DIR=\(shots)",
             "PYTHONDONTWRITEBYTECODE=1", "/usr/bin/timeout", "-s", "KILL", "600",
             "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "Tests/web"],
            cwd: SwoopProcess.projectRoot)
        #expect(out.status == 0, "browser tests failed (status \(out.status)):\n\(out.stdout)\n\(out.stderr)")
        #expect(!out.stdout.contains("skipped"), "browser tests skipped:\n\(out.stdout)")
        #expect(out.stdout.contains(" passed"), "browser tests ran nothing:\n\(out.stdout)")
        for name in ["sign-in", "projects", "launch-form", "launch-form-error", "sweep", "run", "sweeps", "queues", "jobs"] {
            #expect(FileManager.default.fileExists(atPath: "\(shots)/\(name).png"), "no screenshot \(name).png in \(shots)")
        }
    }
}
