import Foundation
import SwoopModel

/// The OpenAPI 3.1 document, written from the route table (so it lists exactly the routes served).
public enum OpenAPIDocument {
    public static let document: JSONValue = build(RouteTable.all)
    static let data = Data(JSONText.render(document).utf8)

    static func build(_ routes: [Route]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [
            "Error": [
                "type": "object", "required": ["error"],
                "properties": [
                    "error": [
                        "type": "object", "required": ["code", "message"],
                        "properties": ["code": ["type": "string"], "message": ["type": "string"], "field": ["type": "string"]],
                    ]
                ],
            ]
        ]
        for route in routes {
            var op: [String: JSONValue] = [
                "operationId": .string(route.operationID), "summary": .string(route.summary), "tags": [.string(route.tag)],
            ]
            var parameters: [JSONValue] = route.pathParameters.map {
                ["name": .string($0), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += route.query.map {
                ["name": .string($0.name), "in": "query", "required": false, "description": .string($0.doc), "schema": $0.type.schema]
            }
            if !parameters.isEmpty { op["parameters"] = .array(parameters) }
            switch route.body {
            case .none: break
            case .raw:
                op["requestBody"] = ["required": true, "content": ["application/octet-stream": ["schema": ["type": "string", "contentMediaType": "application/octet-stream"]]]]
            case .json(let fields):
                var props: [String: JSONValue] = [:]
                for f in fields {
                    var s = f.type.schema.objectValue ?? [:]
                    if !f.doc.isEmpty { s["description"] = .string(f.doc) }
                    props[f.name] = .object(s)
                }
                let required = fields.filter(\.required).map { JSONValue.string($0.name) }
                var schema: [String: JSONValue] = ["type": "object", "properties": .object(props), "additionalProperties": false]
                if !required.isEmpty { schema["required"] = .array(required) }
                op["requestBody"] = ["required": .bool(!required.isEmpty), "content": ["application/json": ["schema": .object(schema)]]]
            }
            let (name, schema) = responseSchema(route.responds)
            if let name, schemas[name] == nil, !["none", "text", "bytes", "OpenAPI"].contains(route.responds) {
                schemas[name] = ["type": "object", "description": .string("SwoopModel.\(name.replacingOccurrences(of: "PageOf", with: "Page of "))")]
            }
            let okContent: JSONValue
            switch route.responds {
            case "none": okContent = ["description": "done"]
            case "text": okContent = ["description": "text", "content": ["text/plain": ["schema": ["type": "string"]]]]
            case "bytes": okContent = ["description": "bytes", "content": ["application/octet-stream": ["schema": ["type": "string"]]]]
            default: okContent = ["description": "success", "content": ["application/json": ["schema": schema]]]
            }
            let errorContent: JSONValue = [
                "description": "refused; `field` names the culprit", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ]
            op["responses"] = ["2XX": okContent, "4XX": errorContent, "503": errorContent]
            if route.access == .authenticated { op["security"] = [["bearer": []]] } else { op["security"] = [] }
            var item = paths[route.path]?.objectValue ?? [:]
            item[route.method.rawValue.lowercased()] = .object(op)
            paths[route.path] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Swoop API", "version": "1",
                "description": "Hyperparameter sweeps on launch queues. Dates are integer milliseconds since 1970. Writes accept an Idempotency-Key header; a retry with the same key gets the first answer.",
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "Authorization: Bearer swoop_..."]],
            ],
        ]
    }

    /// `Page<Run>` → a component named PageOfRun; `[JobAlias]` → an array of JobAlias.
    static func responseSchema(_ responds: String) -> (String?, JSONValue) {
        if responds.hasPrefix("["), responds.hasSuffix("]") {
            let inner = String(responds.dropFirst().dropLast())
            return (inner, ["type": "array", "items": ["$ref": .string("#/components/schemas/\(inner)")]])
        }
        let name = responds.replacingOccurrences(of: "Page<", with: "PageOf").replacingOccurrences(of: ">", with: "")
        return (name, ["$ref": .string("#/components/schemas/\(name)")])
    }
}
