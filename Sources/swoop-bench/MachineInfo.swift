import Foundation

/// The machine a benchmark ran on, read from /proc.
struct MachineInfo: Codable, Sendable {
    var cpuModel: String
    var cores: Int
    var memoryGB: Double
    var kernel: String
    /// 1-minute load average when the run started (other work on the machine skews the numbers).
    var loadAverageAtStart: Double

    static func current() -> MachineInfo {
        func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let cpuinfo = read("/proc/cpuinfo")
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let memKB = read("/proc/meminfo").split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Double($0) } ?? 0
        let load = Double(read("/proc/loadavg").split(separator: " ").first ?? "") ?? 0
        return MachineInfo(
            cpuModel: model, cores: ProcessInfo.processInfo.activeProcessorCount, memoryGB: (memKB / 1024 / 1024 * 10).rounded() / 10,
            kernel: read("/proc/sys/kernel/osrelease").trimmingCharacters(in: .whitespacesAndNewlines), loadAverageAtStart: load)
    }
}
