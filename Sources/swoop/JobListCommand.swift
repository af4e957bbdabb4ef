import ArgumentParser
import Foundation
import SwoopClient
import SwoopModel

/// `swoop job list --project P`: the project's jobs with their latest version.
struct JobListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the jobs of a project.")

    @OptionGroup var server: ServerOptions
    @Option(help: "Project whose jobs to list.") var project: String
    @Flag(help: "Print the jobs as JSON.") var json = false

    /// One element of the `--json` answer.
    struct Entry: Encodable {
        var job: Job
        var latest: JobVersion?
    }

    func run() async throws {
        try await CommandFailure.reporting(baseURL: server.resolvedBaseURL) {
            let session = try await ServerSession.open(server)
            let project = try await session.project(named: self.project, create: false)
            let jobs = try await ServerSession.all { try await session.client.listJobs(project: project.id, page: $0) }
            var entries: [Entry] = []
            for job in jobs {
                let latest = job.latestVersion < 0 ? nil : try await session.client.resolveJobVersion(job: job.id, alias: JobAlias.latest)
                entries.append(Entry(job: job, latest: latest))
            }
            if json { return try JSONOutput.print(entries) }
            if entries.isEmpty { return Stdout.line("no jobs in \(session.path(project.name))") }
            var table = TextTable("NAME", "LATEST", "VERSIONS", "SOURCE", "ENTRY POINT", "CREATED")
            for e in entries {
                table.add(
                    e.job.name, e.latest?.versionAlias ?? "-", String(e.job.latestVersion + 1), e.latest?.sourceDescription ?? "-",
                    e.latest?.entryPointDescription ?? "-", TextTable.cell(e.job.createdAt))
            }
            Stdout.line(table.render())
        }
    }
}
