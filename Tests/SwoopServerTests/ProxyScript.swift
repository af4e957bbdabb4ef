/// The faults the test proxy applies, one per request in arrival order (then `.pass`), and what it saw.
actor ProxyScript {
    /// One scripted request: its fault and which upstream server (by index) it goes to.
    struct Step: Sendable {
        var fault: ProxyFault
        var upstream: Int = 0
    }

    private var steps: [Step]
    /// Method and path of every request, in arrival order.
    private(set) var requests: [String] = []
    /// The Idempotency-Key header of every request ("" when absent), in arrival order.
    private(set) var idempotencyKeys: [String] = []

    init(_ steps: [Step] = []) { self.steps = steps }

    /// Replaces the remaining steps (the requests seen so far are kept).
    func arm(_ newSteps: [Step]) { steps = newSteps }

    func next(request: String, idempotencyKey: String?) -> Step {
        requests.append(request)
        idempotencyKeys.append(idempotencyKey ?? "")
        return steps.isEmpty ? Step(fault: .pass) : steps.removeFirst()
    }
}
