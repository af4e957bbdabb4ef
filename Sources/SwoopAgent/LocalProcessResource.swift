import Foundation
import Subprocess
import SwoopModel

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs on this machine as a child process (swift-subprocess) in a process group of its own, so a stop
/// reaches everything the run started: SIGTERM to the group, SIGKILL after the grace period.
public struct LocalProcessResource: Resource {
    public var kind: String { "local-process" }

    public init() {}

    public func run(_ run: PreparedRun, control: RunControl, output: @escaping @Sendable (OutputLine) async -> Void) async -> RunOutcome {
        await Self.spawn(
            command: run.command, environment: run.environment, workingDirectory: run.workingDirectory, control: control, output: output)
    }

    /// Starts `command` (the first token found on the environment's PATH unless it holds a `/`; a
    /// relative path is taken from the working directory) and supervises it to its end.
    ///
    /// A stop sends SIGTERM to the process group and SIGKILL after the grace; with `stopAction` (a
    /// container engine's `stop`, which has its own grace) that action runs instead of SIGTERM, and the
    /// group is killed only if it is still there a few seconds after the action returned.
    static func spawn(
        command: [String], environment: [String: String], workingDirectory: URL, control: RunControl,
        stopAction: (@Sendable () async -> Void)? = nil, output: @escaping @Sendable (OutputLine) async -> Void
    ) async -> RunOutcome {
        guard let program = command.first, !program.isEmpty else { return .couldNotStart("the run's command is empty") }
        let executable: Executable
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : workingDirectory.appendingPathComponent(program).path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                return .couldNotStart("command '\(program)' not found or not executable (\(path))")
            }
            executable = .path(FilePath(path))
        } else {
            executable = .name(program)
        }
        var options = PlatformOptions()
        options.processGroupID = 0
        var env: [Environment.Key: String] = [:]
        for (k, v) in environment { if let key = Environment.Key(rawValue: k) { env[key] = v } }
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(Array(command.dropFirst())), environment: .custom(env),
                workingDirectory: FilePath(workingDirectory.path), platformOptions: options,
                input: .none, output: .sequence, error: .sequence
            ) { execution in
                await withTaskGroup(of: Bool.self) { group in
                    for (stream, lines) in [(OutputLine.Stream.stdout, execution.standardOutput), (.stderr, execution.standardError)] {
                        group.addTask {
                            do {
                                for try await line in lines.strings(bufferingPolicy: .unbounded) { await output(OutputLine(stream, line)) }
                            } catch {}
                            return true
                        }
                    }
                    group.addTask {
                        guard await control.waitForStop() else { return false }
                        if let stopAction {
                            await stopAction()
                            try? await Task.sleep(for: .seconds(5))
                        } else {
                            try? execution.send(signal: .terminate, toProcessGroup: true)
                            try? await Task.sleep(for: control.grace)
                        }
                        if !Task.isCancelled { try? execution.send(signal: .kill, toProcessGroup: true) }
                        return false
                    }
                    // Both output streams end when the process (and all that inherited its pipes) is gone.
                    var readers = 2
                    while readers > 0, let isReader = await group.next() { if isReader { readers -= 1 } }
                    group.cancelAll()
                }
            }
            switch result.terminationStatus {
            case .exited(let code): return .exited(code)
            case .signaled(let signal): return .signaled(signal)
            }
        } catch let e as SubprocessError where e.code == .executableNotFound {
            return .couldNotStart("command '\(program)' not found (PATH=\(environment["PATH"] ?? "unset"))")
        } catch {
            return .couldNotStart("could not start '\(program)': \(error)")
        }
    }
}
