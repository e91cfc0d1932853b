/// Formats a status line and header block; Content-Length and Connection always come from the
/// server so the framing is right whatever a script asks for.
enum ResponseHead {
    static func encode(status: Int, headers: [String: String], contentLength: Int, keepAlive: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason(for: status))\r\n"
        var hasContentType = false
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            switch name.lowercased() {
            case "content-length", "connection", "transfer-encoding": continue
            case "content-type": hasContentType = true
            default: break
            }
            text += "\(name): \(value)\r\n"
        }
        if !hasContentType { text += "Content-Type: application/json\r\n" }
        text += "Content-Length: \(contentLength)\r\n"
        text += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(text.utf8)
    }

    static func reason(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
