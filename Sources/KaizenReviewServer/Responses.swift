import Hummingbird
import KaizenCore
import KaizenReview

/// Response shapes shared by pages and the API.
enum Responses {
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.canonicalText + "\n")))
    }

    /// 303: after a form post, the browser GETs the target.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func apiError(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
        json(.object(["error": .string(code), "message": .string(message)]), status: status)
    }

    static func status(of error: ReviewError) -> HTTPResponse.Status {
        switch error {
        case .notFound: .notFound
        case .notAwaiting, .stale: .conflict
        case .forbidden: .forbidden
        case .invalid: .badRequest
        case .store: .internalServerError
        }
    }

    static func apiError(_ error: ReviewError) -> Response {
        apiError(status(of: error), code: error.code, message: error.description)
    }
}
