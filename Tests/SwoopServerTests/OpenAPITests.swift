import Foundation
import NIOCore
import NIOHTTP1
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// The served OpenAPI document lists every route of the router, and nothing else.
@Suite struct OpenAPITests {
    @Test func everyRouteIsInTheDocument() async throws {
        try await ServerHarness.with(.sqlite) { h in
            let doc = try await h.client(key: nil).openAPIDocument()
            #expect(doc["openapi"] == "3.1.0")
            let paths = try #require(doc["paths"]?.objectValue)
            var listed = 0
            for route in RouteTable.all {
                let op = paths[route.path]?[route.method.rawValue.lowercased()]
                #expect(op != nil, "\(route.method.rawValue) \(route.path) missing from the document")
                #expect(op?["operationId"] == .string(route.operationID))
                for p in route.pathParameters {
                    #expect(op?["parameters"]?.arrayValue?.contains { $0["name"] == .string(p) && $0["in"] == "path" } == true)
                }
                if case .json(let fields) = route.body {
                    let props = op?["requestBody"]?["content"]?["application/json"]?["schema"]?["properties"]?.objectValue ?? [:]
                    #expect(Set(props.keys) == Set(fields.map(\.name)), "\(route.operationID) body fields")
                }
            }
            for (_, item) in paths { listed += item.objectValue?.count ?? 0 }
            #expect(listed == RouteTable.all.count)
            #expect(Set(RouteTable.all.map(\.operationID)).count == RouteTable.all.count, "operation ids are unique")
        }
    }

    @Test func everyRouteIsServed() async throws {
        // Each documented route answers something other than "no such route" (404 with field `path`).
        try await ServerHarness.with(.sqlite) { h in
            for route in RouteTable.all {
                var path = route.path
                for p in route.pathParameters { path = path.replacingOccurrences(of: "{\(p)}", with: "x") }
                if route.operationID == "lease" || route.operationID == "sweepRunChanges" { continue }
                let r = try await h.raw(.init(rawValue: route.method.rawValue), path, body: nil)
                #expect(!(r.status == 404 && r.json?["error"]?["field"] == "path"), "\(route.operationID) not routed")
            }
        }
    }
}
