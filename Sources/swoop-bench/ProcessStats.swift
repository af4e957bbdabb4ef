import Foundation

/// What /proc says about a process and its descendants (the server under test, or MLflow with its workers).
enum ProcessStats {
    /// Resident and peak-resident kilobytes of one process (VmRSS, VmHWM), nil if it is gone.
    static func memory(pid: Int32) -> (rssKB: Int, hwmKB: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var rss = 0, hwm = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("VmRSS:") { rss = kilobytes(line) }
            if line.hasPrefix("VmHWM:") { hwm = kilobytes(line) }
        }
        return (rss, hwm)
    }

    private static func kilobytes(_ line: Substring) -> Int {
        Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    /// `pid` and every process below it (a gunicorn/uvicorn master's workers, say).
    static func tree(_ pid: Int32) -> [Int32] {
        var parents: [Int32: [Int32]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in entries {
            guard let child = Int32(name), let ppid = parent(of: child) else { continue }
            parents[ppid, default: []].append(child)
        }
        var result: [Int32] = [], pending = [pid]
        while let p = pending.popLast() {
            result.append(p)
            pending.append(contentsOf: parents[p] ?? [])
        }
        return result
    }

    /// Fields after the command name in /proc/PID/stat (the name may hold spaces and parentheses).
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    private static func parent(of pid: Int32) -> Int32? {
        guard let f = statFields(pid), f.count > 1 else { return nil }
        return Int32(f[1])
    }

    /// Summed resident kilobytes of the tree.
    static func treeRSS(_ pid: Int32) -> Int {
        tree(pid).compactMap { memory(pid: $0)?.rssKB }.reduce(0, +)
    }

    /// CPU seconds (user + system) the tree has used so far.
    static func treeCPUSeconds(_ pid: Int32) -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        for p in tree(pid) {
            // utime and stime are fields 14 and 15 of stat; after the name they are the 12th and 13th.
            guard let f = statFields(p), f.count > 12, let u = Double(f[11]), let s = Double(f[12]) else { continue }
            total += (u + s) / ticks
        }
        return total
    }

    /// CPU seconds this process (the load generator) has used so far.
    static func selfCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
