/// The measured part of one load phase against one server.
struct PhaseResult: Codable, Sendable {
    var system: String
    var phase: String
    var concurrency: Int
    var seconds: Double
    var requests: Int
    /// Metric points written (ingest phases) or round trips done (lease phase).
    var units: Int
    var unitsPerSecond: Double
    var requestsPerSecond: Double
    var errors: Int
    var firstError: String?
    /// Latency of one whole operation (for leasing: lease plus complete).
    var latency: LatencySummary
    /// Latencies of the steps of an operation, by name (leasing: "lease" and "complete").
    var steps: [String: LatencySummary]
    /// Cores the load generator used on average (1.0 = one core busy); near 1 would mean it is the bottleneck.
    var generatorCores: Double
    /// Cores the server (with its worker processes) used on average.
    var serverCores: Double?
    /// Largest summed resident memory of the server's processes seen during the phase, MB.
    var serverPeakRSSMB: Double?
}
