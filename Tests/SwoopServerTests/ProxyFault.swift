/// What the test proxy does with one request.
enum ProxyFault: Sendable, Equatable {
    /// Forward it and relay the answer.
    case pass
    /// Forward it, wait for the server's answer, then close the client's connection without relaying it:
    /// the write happened, the client saw only a dropped connection.
    case dropAfterForwarding
    /// Forward it, then answer `status` instead of the server's answer (a gateway that gave up late).
    case replaceAnswer(Int)
    /// Answer `status` without forwarding.
    case answerOnly(Int)
}
