import Foundation
import SwoopModel
import SwoopStore

/// Code artifacts: content-addressed blobs, uploaded and downloaded by their SHA-256.
enum BlobRoutes {
    static func routes() -> [Route] {
        [
            Route(.put, "/api/v1/blobs/{digest}", "uploadBlob", "Upload a code artifact under its sha256 (checked)", tag: "blobs",
                  body: .raw, responds: "BlobReceipt") { call in
                try requirePerson(call)
                let claimed = try digest(call)
                let data = call.rawBody ?? Data()
                let actual = SwoopModel.SHA256.hex(data)
                guard claimed == BlobStore.prefix + actual else {
                    throw APIError.badRequest("digest_mismatch", "the body's sha256 is \(actual), not the one in the path", field: "digest")
                }
                let stored = try call.env.blobs.put(data)
                return try .json(BlobReceipt(digest: stored, size: data.count), status: 201)
            },
            Route(.get, "/api/v1/blobs/{digest}", "downloadBlob", "Download a code artifact", tag: "blobs",
                  responds: "bytes") { call in
                if case .run = call.principal { throw APIError.forbidden("a run token cannot read code artifacts") }
                let d = try digest(call)
                guard call.env.blobs.contains(d) else { throw APIError.notFound("no code artifact '\(d)'", field: "digest") }
                let data = try call.env.blobs.get(d)
                return APIResponse(status: 200, body: data, contentType: "application/octet-stream")
            },
        ]
    }

    /// `sha256:<64 hex>` or just the hex, normalized to the prefixed form.
    static func digest(_ call: RouteCall) throws -> String {
        var d = try call.parameter("digest").lowercased()
        if d.hasPrefix(BlobStore.prefix) { d.removeFirst(BlobStore.prefix.count) }
        guard d.count == 64, d.allSatisfy({ $0.isHexDigit }) else {
            throw APIError.badRequest("bad_id", "a digest is sha256:<64 hex digits>", field: "digest")
        }
        return BlobStore.prefix + d
    }

    static func requirePerson(_ call: RouteCall) throws {
        switch call.principal {
        case .local, .user: return
        case .run, .agent: throw APIError.forbidden("only people upload code artifacts")
        }
    }
}
