import Foundation
import Testing

/// The shared harness's own conformance check (shared/bench/check_protocol.py) against the real binary.
@Suite struct SharedProtocolCheckTests {
    @Test(arguments: ["random", "bayes"])
    func checkProtocolPasses(method: String) throws {
        let script = SwoopProcess.sharedDirectory.appendingPathComponent("bench/check_protocol.py").path
        try #require(FileManager.default.fileExists(atPath: script), "the shared harness must sit at ../shared/bench")
        // The harness folder may be read-only (it is in CI): keep its scratch files in a temporary folder.
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-bench-\(UUID().uuidString)").path
        let out = try SwoopProcess.runCommand(
            "/usr/bin/env", ["BENCH_CACHE=\(cache)", "python3", script, "--cmd", "swoop-\(method)=\(method):\(SwoopProcess.swoop) optimize"])
        #expect(out.status == 0, "check_protocol.py failed:\n\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.contains("0 failed"))
    }
}
