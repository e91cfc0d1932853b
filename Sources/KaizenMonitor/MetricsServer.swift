import Hummingbird
import Logging
import Prometheus
// Hummingbird's own dependency; imported for `ServiceGroup`, the only public way to shut
// an `Application` down gracefully.
import ServiceLifecycle

/// Serves a Prometheus registry over HTTP for `kaizen run --metrics-port`: `GET /metrics` in
/// the text exposition format, `GET /` a one-line hint.
///
/// It binds to 127.0.0.1 unless told otherwise, because the numbers (spend, candidates) are
/// nobody else's business by default. The Hummingbird application runs in a `ServiceGroup`
/// in its own task, with no signal handlers (the loop owns SIGINT/SIGTERM). `stop()` shuts
/// it down gracefully: the listening socket closes, idle keep-alive connections close, a
/// scrape in flight finishes; after `gracefulShutdownLimit` it escalates to cancellation,
/// so a stuck client cannot hold shutdown.
public final class MetricsServer: Sendable {
    /// The exposition format Prometheus expects from a text endpoint.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// How long `stop()` lets in-flight scrapes finish before cancelling them.
    public static let gracefulShutdownLimit = Duration.seconds(5)

    /// The host it is bound to, as given.
    public let host: String
    /// The port actually bound: the one asked for, or the system's choice when asked for 0.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(host: String, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.group = group
        self.task = task
    }

    /// Starts serving `registry` and returns once the socket is listening, so `port` is real
    /// and a scrape right after cannot be refused.
    /// - Throws: `MonitorError.invalidPort` or `MonitorError.cannotListen` (port in use,
    ///   unknown host); `CancellationError` if the caller is cancelled while starting.
    public static func start(
        registry: PrometheusCollectorRegistry,
        host: String = "127.0.0.1",
        port: Int,
        logger: Logger = Logger(label: "kaizen.monitor")
    ) async throws -> MetricsServer {
        guard (0...65535).contains(port) else { throw MonitorError.invalidPort(port) }

        let (events, report) = AsyncStream.makeStream(of: StartEvent.self)
        let application = Application(
            router: router(registry),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in report.yield(.listening(port: channel.localAddress?.port ?? port)) },
            logger: logger)
        var configuration = ServiceGroupConfiguration(services: [application], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracefulShutdownLimit
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            defer { report.finish() }
            do {
                try await group.run()
            } catch {
                report.yield(.failed(reason: String(describing: error)))
                throw error
            }
        }

        for await event in events {
            switch event {
            case .listening(let bound): return MetricsServer(host: host, port: bound, group: group, task: task)
            case .failed(let reason): throw MonitorError.cannotListen(host: host, port: port, reason: reason)
            }
        }
        // The stream ended without news: the caller was cancelled, or the server returned early.
        task.cancel()
        _ = await task.result
        try Task.checkCancellation()
        throw MonitorError.cannotListen(host: host, port: port, reason: "the server stopped before it was listening")
    }

    /// Stops serving and waits until the socket is closed. Safe to call more than once.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// What the server task reports while `start` waits for it.
    private enum StartEvent: Sendable {
        case listening(port: Int)
        case failed(reason: String)
    }

    private static func router(_ registry: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = contentType
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("/") { _, _ in "Kaizen: Prometheus metrics are on GET /metrics\n" }
        return router
    }
}
