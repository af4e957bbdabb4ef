import ArgumentParser
import Foundation

/// The `swoop` command line: one subcommand per file, thin over the modules.
@main
struct Swoop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swoop",
        abstract: "Hyperparameter sweeps on launch queues.",
        subcommands: [
            SweepCommand.self, LaunchSweepCommand.self, SchedulerCommand.self, OptimizeCommand.self, ServerCommand.self,
            JobCommand.self, QueueCommand.self, LaunchCommand.self, LaunchAgentCommand.self,
        ]
    )

    /// Runs the command; usage errors exit with status 2 (the Unix convention the docs promise),
    /// where ArgumentParser would use 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
