import Foundation
import Metrics
import Prometheus

/// The server's Prometheus metrics, on a registry of its own (not the process-wide bootstrap) so several
/// servers in one test process keep separate counts.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let leasesGranted: Metrics.Counter
    let leasesExpired: Metrics.Counter

    public init() {
        registry = PrometheusCollectorRegistry()
        var f = PrometheusMetricsFactory(registry: registry)
        f.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
        ]
        factory = f
        leasesGranted = Metrics.Counter(label: "swoop_leases_granted_total", factory: f)
        leasesExpired = Metrics.Counter(label: "swoop_leases_expired_total", factory: f)
    }

    func recordRequest(route: String, method: String, status: Int, nanoseconds: UInt64) {
        Metrics.Counter(
            label: "swoop_http_requests_total",
            dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory
        ).increment()
        Metrics.Timer(
            label: "swoop_http_request_duration_seconds", dimensions: [("route", route), ("method", method)],
            factory: factory
        ).recordNanoseconds(Int64(clamping: nanoseconds))
    }

    func setQueueDepth(queue: String, entity: String, pending: Int) {
        Metrics.Gauge(label: "swoop_queue_pending_items", dimensions: [("queue", queue), ("entity", entity)], factory: factory)
            .record(pending)
    }

    func setWaitingLongPolls(_ n: Int) {
        Metrics.Gauge(label: "swoop_long_polls_waiting", factory: factory).record(n)
    }

    /// The text exposition format.
    public func render() -> String { registry.emitToString() }
}
