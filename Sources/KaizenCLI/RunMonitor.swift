import KaizenLoop
import KaizenMonitor
import Logging
import Prometheus

/// `--metrics-port`: the loop's progress as Prometheus metrics on `/metrics`.
struct RunMonitor {
    let server: MetricsServer
    let observer: LoopMetrics

    var port: Int { server.port }

    static func start(port: Int, logger: Logger) async throws -> RunMonitor {
        let registry = PrometheusCollectorRegistry()
        let observer = LoopMetrics(factory: PrometheusMetricsFactory(registry: registry))
        return RunMonitor(server: try await MetricsServer.start(registry: registry, port: port, logger: logger), observer: observer)
    }

    func stop() async { await server.stop() }
}
