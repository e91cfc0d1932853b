import Foundation
import Hummingbird
import KaizenReview
import KaizenStore
import Logging

/// The review web page and JSON API over one store (`kaizen serve`).
///
/// Pages sign in with a review token once and then use a session cookie (HttpOnly,
/// SameSite=Strict) whose forms carry a per-session CSRF token; the API under `/api/` takes
/// `Authorization: Bearer TOKEN` on every request and has no cookies to forge. A decision is
/// recorded under the token's reviewer name, never a name from the request.
public final class ReviewServer: Sendable {
    public let settings: ReviewServerSettings
    let store: Store
    let sessions: SessionStore
    let logger: Logger

    public init(store: Store, settings: ReviewServerSettings, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) throws(ReviewServerError) {
        try settings.validate()
        self.store = store
        self.settings = settings
        self.sessions = SessionStore(now: now)
        self.logger = logger
    }

    /// Serves until cancelled, or until SIGINT/SIGTERM when `handleSignals`; `onListening`
    /// gets the bound port (the system's choice for port 0).
    public func run(handleSignals: Bool, onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let application = Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "kaizen"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? self.settings.port) },
            logger: logger)
        do {
            try await application.runService(gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
        } catch is CancellationError {
            return
        } catch {
            throw ReviewServerError.cannotListen(host: settings.host, port: settings.port, reason: String(describing: error))
        }
    }

    func router() -> Router<ReviewRequestContext> {
        let router = Router(context: ReviewRequestContext.self)
        router.add(middleware: SecurityHeaders())
        router.get("/static/kaizen.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"], body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        addAPIRoutes(router.group("api").add(middleware: BearerAuth(tokens: settings.tokens)))
        addLoginRoutes(router)
        addPageRoutes(router.group().add(middleware: SessionAuth(sessions: sessions)))
        return router
    }
}
