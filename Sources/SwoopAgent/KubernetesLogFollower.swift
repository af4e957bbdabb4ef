import Foundation

/// Streams a run's pod logs into the run's output with `kubectl logs -f` once its pod runs; when the
/// workload ended before a follow began, reads the logs once instead. A follow that ended without a
/// line (the container was not ready yet) may start again.
actor KubernetesLogFollower {
    let command: [String]
    let folder: URL
    let output: @Sendable (OutputLine) async -> Void
    private var task: Task<Void, Never>?
    private var control = RunControl(grace: .seconds(1))
    private var lines = 0
    private var followed = false

    init(command: [String], folder: URL, output: @escaping @Sendable (OutputLine) async -> Void) {
        self.command = command; self.folder = folder; self.output = output
    }

    private func counted(_ line: OutputLine) async {
        lines += 1
        await output(line)
    }

    /// Starts following unless a follow is running or has already delivered output.
    func follow() {
        if task != nil || (followed && lines > 0) { return }
        followed = true
        control = RunControl(grace: .seconds(1))
        let (command, folder, control) = (command + ["-f"], self.folder, self.control)
        task = Task {
            _ = await LocalProcessResource.spawn(command: command, environment: ProcessInfo.processInfo.environment, workingDirectory: folder,
                                                 control: control) { await self.counted($0) }
            self.followEnded()
        }
    }

    private func followEnded() { task = nil }

    /// The workload ended: waits for the follow to deliver the rest (up to 30 s), or reads the logs once.
    func finish() async {
        if let task {
            let stopper = Task { [control] in
                try? await Task.sleep(for: .seconds(30))
                if !Task.isCancelled { control.stop() }
            }
            await task.value
            stopper.cancel()
        }
        if lines == 0 {
            _ = await LocalProcessResource.spawn(command: command, environment: ProcessInfo.processInfo.environment, workingDirectory: folder,
                                                 control: RunControl(grace: .seconds(1))) { await self.counted($0) }
        }
    }

    /// Ends a follow now (the run was stopped or lost).
    func stop() async {
        control.stop()
        await task?.value
    }
}
