import ArgumentParser
import Foundation
import SwoopClient
import SwoopModel

/// `swoop job describe E/P/N[:alias]`: one job's versions, aliases, sources and entry points.
struct JobDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Show a job's versions and aliases, and the version a reference names.")

    @OptionGroup var server: ServerOptions
    @Argument(help: "Job reference: entity/project/name, project/name or name (with --project), each with an optional :alias.")
    var reference: String
    @Option(help: "Project, when the reference does not name one.") var project: String?
    @Flag(help: "Print the job as JSON.") var json = false

    /// What `--json` prints.
    struct Description: Encodable {
        var reference: String
        var job: Job
        var resolved: JobVersion
        var versions: [JobVersion]
        var aliases: [JobAlias]
    }

    func run() async throws {
        try await CommandFailure.reporting(baseURL: server.resolvedBaseURL) {
            let session = try await ServerSession.open(server)
            let (job, resolved, full) = try await session.resolveJob(reference, project: project)
            let versions = try await ServerSession.all { try await session.client.listJobVersions(job: job.id, page: $0) }
            let aliases = try await session.client.listJobAliases(job: job.id)
            if json {
                return try JSONOutput.print(Description(
                    reference: full.description, job: job, resolved: resolved, versions: versions, aliases: aliases))
            }
            func aliasText(_ v: JobVersion) -> String {
                ([v.versionAlias] + aliases.filter { $0.version == v.version }.map(\.alias)).joined(separator: ", ")
            }
            var head = TextTable()
            head.add("job", "\(full.entity ?? "")/\(full.project ?? "")/\(job.name)")
            head.add("version", resolved.versionAlias + (full.alias == resolved.versionAlias ? "" : " (as :\(full.alias))"))
            head.add("aliases", aliasText(resolved))
            head.add("source", resolved.sourceDescription)
            head.add("entry point", resolved.entryPointDescription)
            head.add("created", TextTable.cell(resolved.createdAt))
            Stdout.line(head.render())
            Stdout.line("")
            var table = TextTable("VERSION", "ALIASES", "SOURCE", "ENTRY POINT", "CREATED")
            for v in versions {
                table.add(v.versionAlias, aliasText(v), v.sourceDescription, v.entryPointDescription, TextTable.cell(v.createdAt))
            }
            Stdout.line(table.render())
        }
    }
}
