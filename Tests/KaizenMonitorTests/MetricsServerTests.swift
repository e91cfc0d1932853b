import Foundation
import KaizenLoop
import KaizenMonitor
import Prometheus
import Testing

/// The endpoint over real loopback HTTP, as Prometheus would scrape it.
@Suite struct MetricsServerTests {
    @Test func servesLiveMetricsOnAnEphemeralPortAndStops() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = LoopMetrics(factory: PrometheusMetricsFactory(registry: registry))
        metrics.update(LoopMetricsTests.progress())
        let server = try await MetricsServer.start(registry: registry, port: 0)
        #expect(server.port > 0)
        #expect(server.host == "127.0.0.1")

        let (body, response) = try await get(port: server.port, "/metrics")
        #expect(response.statusCode == 200)
        #expect(response.value(forHTTPHeaderField: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let lines = Set(body.split(separator: "\n"))
        #expect(lines.contains(#"kaizen_candidates{state="scored"} 3.0"#))
        #expect(lines.contains("kaizen_cycle 4.0"))

        // Each scrape renders the registry afresh.
        var later = LoopMetricsTests.progress()
        later.cycle = 11
        metrics.update(later)
        let (again, _) = try await get(port: server.port, "/metrics")
        #expect(again.split(separator: "\n").contains("kaizen_cycle 11.0"))

        let (hint, root) = try await get(port: server.port, "/")
        #expect(root.statusCode == 200)
        #expect(hint.contains("/metrics"))
        let (_, missing) = try await get(port: server.port, "/nothing-here")
        #expect(missing.statusCode == 404)

        await server.stop()
        await #expect(throws: (any Error).self) { _ = try await get(port: server.port, "/metrics") }
        await server.stop()  // a second stop is harmless and returns
    }

    @Test func aPortInUseIsAClearError() async throws {
        let first = try await MetricsServer.start(registry: PrometheusCollectorRegistry(), port: 0)
        var failure: (any Error)?
        do {
            let second = try await MetricsServer.start(registry: PrometheusCollectorRegistry(), port: first.port)
            await second.stop()
        } catch {
            failure = error
        }
        // The first server is unaffected by the failed attempt.
        let status = try? await get(port: first.port, "/metrics").response.statusCode
        await first.stop()

        #expect(status == 200)
        let error = try #require(failure as? MonitorError, "a second server bound \(first.port), which is in use")
        guard case .cannotListen(let host, let port, let reason) = error else {
            Issue.record("unexpected error: \(error)")
            return
        }
        #expect(host == "127.0.0.1")
        #expect(port == first.port)
        #expect(reason.contains("in use"))
        #expect(error.description.hasPrefix("could not listen on 127.0.0.1:\(first.port): "))
    }

    @Test func stopClosesIdleKeepAliveConnectionsInsteadOfWaitingForThem() async throws {
        let server = try await MetricsServer.start(registry: PrometheusCollectorRegistry(), port: 0)
        let session = ephemeralSession()
        defer { session.invalidateAndCancel() }
        // Two requests on one session: the connection stays open, idle, as a scraper's would.
        _ = try await get(port: server.port, "/metrics", using: session)
        _ = try await get(port: server.port, "/metrics", using: session)

        let clock = ContinuousClock()
        let took = await clock.measure { await server.stop() }
        // Graceful shutdown closed the idle connection; it did not sit out the limit and cancel.
        #expect(took < MetricsServer.gracefulShutdownLimit)
        await #expect(throws: (any Error).self) { _ = try await get(port: server.port, "/metrics") }
    }

    @Test func aPortOutOfRangeIsRejectedBeforeBinding() async throws {
        await #expect(throws: MonitorError.invalidPort(70000)) {
            _ = try await MetricsServer.start(registry: PrometheusCollectorRegistry(), port: 70000)
        }
        await #expect(throws: MonitorError.invalidPort(-1)) {
            _ = try await MetricsServer.start(registry: PrometheusCollectorRegistry(), port: -1)
        }
    }
}
