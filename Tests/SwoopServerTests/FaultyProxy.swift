import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 proxy on 127.0.0.1 in front of real servers that fails requests as its script says:
/// drops the connection after the server applied the request, or answers 502/503/504/4xx in its place.
struct FaultyProxy: Sendable {
    let baseURL: String
    let script: ProxyScript

    /// Runs `body` with a proxy forwarding to `upstreams` (base URLs); closes the proxy afterwards.
    static func with<T: Sendable>(
        upstreams: [String], script: ProxyScript = ProxyScript(), _ body: (FaultyProxy) async throws -> T
    ) async throws -> T {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        guard let port = server.channel.localAddress?.port else { throw ProxyError.noPort }
        let proxy = FaultyProxy(baseURL: "http://127.0.0.1:\(port)", script: script)
        let closer = server.channel
        let accepting = Task {
            try await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { try? await serve(connection, upstreams: upstreams, script: script) }
                    }
                }
            }
        }
        // Closing the listener ends the accept loop; cancelling ends the kept-alive client connections.
        func stop() async {
            try? await closer.close()
            accepting.cancel()
            _ = await accepting.result
        }
        do {
            let result = try await body(proxy)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }

    enum ProxyError: Error { case noPort }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, upstreams: [String], script: ProxyScript
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { return }
                    let step = await script.next(
                        request: "\(head.method.rawValue) \(head.uri)", idempotencyKey: head.headers.first(name: "Idempotency-Key"))
                    switch step.fault {
                    case .answerOnly(let status):
                        try await answer(outbound, status: status)
                        return
                    case .pass, .dropAfterForwarding, .replaceAnswer:
                        let (status, headers, answerBody) = try await forward(head, body: body, to: upstreams[step.upstream])
                        switch step.fault {
                        case .dropAfterForwarding:
                            return  // executeThenClose closes the connection with nothing written
                        case .replaceAnswer(let replacement):
                            try await answer(outbound, status: replacement)
                            return
                        default:
                            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)))
                            try await outbound.write(.body(.byteBuffer(answerBody)))
                            try await outbound.write(.end(nil))
                        }
                    }
                }
            }
        }
    }

    /// A gateway-style JSON error that closes the connection.
    private static func answer(_ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, status: Int) async throws {
        let text = "{\"error\":{\"code\":\"proxy\",\"message\":\"injected \(status)\"}}"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        headers.add(name: "Connection", value: "close")
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
        try await outbound.write(.end(nil))
    }

    /// Sends the request on to `upstream` and returns its answer with hop-by-hop headers removed.
    private static func forward(_ head: HTTPRequestHead, body: ByteBuffer, to upstream: String) async throws -> (Int, HTTPHeaders, ByteBuffer) {
        let hopByHop: Set<String> = ["host", "connection", "content-length", "transfer-encoding", "keep-alive"]
        var request = HTTPClientRequest(url: upstream + head.uri)
        request.method = head.method
        for (name, value) in head.headers where !hopByHop.contains(name.lowercased()) { request.headers.add(name: name, value: value) }
        if body.readableBytes > 0 { request.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let answerBody = try await response.body.collect(upTo: 16 << 20)
        var headers = HTTPHeaders()
        for (name, value) in response.headers where !hopByHop.contains(name.lowercased()) { headers.add(name: name, value: value) }
        headers.add(name: "Content-Length", value: String(answerBody.readableBytes))
        return (Int(response.status.code), headers, answerBody)
    }
}
