import KaizenCore
import KaizenStore

/// Why a review action was refused; each case names the candidate and what to do instead.
public enum ReviewError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No candidate has this id.
    case notFound(id: String)
    /// The candidate is not waiting for a decision (already decided, never asked, or moved on).
    case notAwaiting(id: String, state: String, detail: String?)
    /// Production changed since the candidate was proposed; its offline numbers compare against
    /// an older base. Approve with `stale` set, or re-train it on the current production config.
    case stale(id: String, base: String?, current: String)
    /// The reviewer's role does not allow this (a viewer deciding).
    case forbidden(name: String, action: String)
    /// A required field is missing or malformed (a rejection without a reason, an empty name).
    case invalid(field: String, message: String)
    /// The store refused or failed.
    case store(String)

    public var description: String {
        switch self {
        case .notFound(let id): "no candidate \(id)"
        case .notAwaiting(let id, let state, let detail):
            "\(id) is not awaiting approval (it is \(state)\(detail.map { "; \($0)" } ?? ""))"
        case .stale(let id, let base, let current):
            "\(id) is stale: it was proposed against production \(base ?? "unknown") and production is now \(current); re-train it (`kaizen review retrain \(id)`) or approve it as stale (`--stale`)"
        case .forbidden(let name, let action): "\(name) is a viewer and may not \(action)"
        case .invalid(let field, let message): "\(field): \(message)"
        case .store(let message): message
        }
    }

    /// A short machine-readable code for the JSON API.
    public var code: String {
        switch self {
        case .notFound: "not_found"
        case .notAwaiting: "not_awaiting_approval"
        case .stale: "stale"
        case .forbidden: "forbidden"
        case .invalid: "invalid"
        case .store: "store"
        }
    }

    /// Runs `body`, turning a store's error about candidate `id` into a review error.
    static func mapping<T>(_ id: String, _ body: () throws -> T) throws(ReviewError) -> T {
        do {
            return try body()
        } catch let error as ReviewError {
            throw error
        } catch let error as StoreError {
            throw from(error, id: id)
        } catch {
            throw .store(String(describing: error))
        }
    }

    static func from(_ error: StoreError, id: String) -> ReviewError {
        if case .notFound = error { return .notFound(id: id) }
        return .store(error.description)
    }
}
