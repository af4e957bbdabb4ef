import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOCore
import SwoopModel

/// A typed async client for the Swoop API (used by the CLI, agents, schedulers and tests).
///
/// Retries are safe by construction: reads are retried, and every write carries an `Idempotency-Key`
/// made once per call and sent again on each retry, so the server applies it once and replays its first
/// answer. Only a lost connection or a 502/503/504 is retried; every other error is thrown at once as
/// `SwoopClientError.server` carrying the server's JSON error.
///
/// Replicas: `baseURL` may list several servers of one database, comma-separated. A request that gets
/// no answer (or a 502/503/504) is retried on the next one, with the same idempotency key, and the
/// client keeps using the one that answered.
public struct SwoopClient: Sendable {
    /// The base URL as given (one URL, or several separated by commas).
    public let baseURL: String
    /// The servers `baseURL` names, and which one answered last.
    public let addresses: ServerAddresses
    public let apiKey: String?
    public var maxAttempts: Int
    /// Seconds one attempt may take (long-polls add their own wait to this).
    public var requestTimeout: Int64
    let http: HTTPClient

    public init(baseURL: String, apiKey: String?, httpClient: HTTPClient = .shared, maxAttempts: Int = 4, requestTimeout: Int64 = 30) {
        self.init(addresses: ServerAddresses(baseURL), apiKey: apiKey, httpClient: httpClient, maxAttempts: maxAttempts,
                  requestTimeout: requestTimeout)
    }

    init(addresses: ServerAddresses, apiKey: String?, httpClient: HTTPClient, maxAttempts: Int, requestTimeout: Int64) {
        self.addresses = addresses
        self.baseURL = addresses.urls.joined(separator: ",")
        self.apiKey = apiKey
        self.http = httpClient
        self.maxAttempts = max(1, maxAttempts)
        self.requestTimeout = requestTimeout
    }

    /// A copy that authenticates with another key (a run or agent token, say).
    public func with(apiKey: String?) -> SwoopClient {
        SwoopClient(addresses: addresses, apiKey: apiKey, httpClient: http, maxAttempts: maxAttempts, requestTimeout: requestTimeout)
    }

    /// One path segment, percent-encoded (names may hold any character).
    static func segment(_ s: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// Builds a JSON object, leaving out absent values.
    static func object(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for (k, v) in pairs { if let v { o[k] = v } }
        return .object(o)
    }

    /// The raw answer of one call: status and body bytes.
    public struct RawResponse: Sendable {
        public var status: Int
        public var body: Data
        public var headers: [(String, String)]
    }

    /// Sends a request (with retries as described above) and decodes a 2xx answer as `T`.
    func call<T: Decodable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil, raw: Data? = nil,
        extraWaitSeconds: Int = 0, as: T.Type = T.self
    ) async throws -> T {
        let response = try await send(method, path, query: query, json: json, raw: raw, extraWaitSeconds: extraWaitSeconds)
        do {
            return try APICoding.decode(T.self, from: response.body)
        } catch {
            throw SwoopClientError.badResponse(status: response.status, reason: "\(error)")
        }
    }

    func callNoContent(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil) async throws {
        _ = try await send(method, path, json: json)
    }

    /// Sends one request, retrying what is safe to retry; throws the server's error for non-2xx answers.
    public func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil, raw: Data? = nil,
        extraWaitSeconds: Int = 0, headers: [(String, String)] = []
    ) async throws -> RawResponse {
        var target = path
        if !query.isEmpty {
            var allowed = CharacterSet.urlQueryAllowed
            allowed.remove(charactersIn: "&=+?#")
            target += "?" + query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }.joined(separator: "&")
        }
        var server = addresses.first
        let isWrite = method != .GET && method != .HEAD
        let idempotencyKey = isWrite ? UUID().uuidString : nil
        var body: Data?
        if let json { body = Data(JSONText.render(json).utf8) } else { body = raw }
        var lastError: any Error = SwoopClientError.transport("no attempt made")
        // With several replicas every one gets at least one try, whatever maxAttempts says.
        for attempt in 0..<max(maxAttempts, addresses.urls.count) {
            if attempt > 0 {
                // Exponential backoff between retries of a lost or refused attempt: 100 ms, 200 ms, 400 ms...
                try await Task.sleep(for: .milliseconds(100 << min(attempt - 1, 6)))
            }
            var request = HTTPClientRequest(url: addresses.urls[server] + target)
            request.method = method
            if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
            if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
            for (k, v) in headers { request.headers.add(name: k, value: v) }
            if let body {
                request.headers.add(name: "Content-Type", value: json != nil ? "application/json" : "application/octet-stream")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let status: Int
            let data: Data
            let responseHeaders: [(String, String)]
            do {
                let response = try await http.execute(request, timeout: .seconds(requestTimeout + Int64(extraWaitSeconds)))
                status = Int(response.status.code)
                responseHeaders = response.headers.map { ($0.name, $0.value) }
                let buffer = try await response.body.collect(upTo: 512 << 20)
                data = Data(buffer.readableBytesView)
            } catch {
                lastError = SwoopClientError.transport("\(error)")
                server = addresses.next(after: server)
                continue
            }
            if (200..<300).contains(status) {
                addresses.answered(server)
                return RawResponse(status: status, body: data, headers: responseHeaders)
            }
            let serverError: SwoopClientError
            if let e = try? APICoding.decode(APIErrorBody.self, from: data) {
                serverError = .server(status: status, code: e.error.code, message: e.error.message, field: e.error.field)
            } else {
                serverError = .badResponse(status: status, reason: String(decoding: data.prefix(500), as: UTF8.self))
            }
            if status == 502 || status == 503 || status == 504 {
                lastError = serverError
                server = addresses.next(after: server)
                continue
            }
            addresses.answered(server)
            throw serverError
        }
        throw lastError
    }
}
