import Foundation
import SwoopTestSupport

/// The one-node Slurm cluster of `scripts/ci/slurm-up.sh`, announced by `SWOOP_TEST_SLURM` and `SLURM_CONF`.
/// Without them the Slurm tests are skipped locally; in CI (`CI` set) they run and fail, saying why.
enum SlurmCluster {
    static let environment = ProcessInfo.processInfo.environment
    static var isConfigured: Bool { !(environment["SWOOP_TEST_SLURM"] ?? "").isEmpty && !(environment["SLURM_CONF"] ?? "").isEmpty }
    /// Run the Slurm tests: the cluster is there, or CI demands it.
    static var shouldRun: Bool { isConfigured || TestEnvironment.isCI }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "SWOOP_TEST_SLURM/SLURM_CONF are not set but CI is: start the cluster with `scripts/ci/slurm-up.sh` and export "
                + "SLURM_CONF=<the path it prints> SWOOP_TEST_SLURM=1"
        }
    }

    static func require() throws { if !isConfigured { throw Missing() } }

    /// The agent's environment: this one, with a quick Slurm poll.
    static var agentEnvironment: [String: String] { environment.merging(["SWOOP_SLURM_POLL_SECONDS": "0.5"]) { $1 } }

    /// Runs a Slurm client tool (`sbatch`, `squeue`) and returns its standard output.
    @discardableResult
    static func tool(_ name: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [name] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
