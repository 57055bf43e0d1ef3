import PanelSimulator
import XCheckTestSupport

/// One-shot HTTP/1.0 requests over ``RawConnection``. The blocking socket work runs on a thread of its own
/// (``OffPool``), never on Swift's cooperative pool, which other test targets' code under test relies on.
enum HTTPTestClient {
    /// Builds an HTTP/1.0 request (the server closes after answering).
    static func requestText(
        method: String = "GET",
        target: String,
        port: Int,
        headers: [String] = [],
        body: String? = nil,
        version: String = "HTTP/1.0"
    ) -> String {
        var text = "\(method) \(target) \(version)\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: VLC/3.0.18 LibVLC/3.0.18\r\n"
        for header in headers {
            text += header + "\r\n"
        }
        if let body {
            text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "\r\n"
        }
        return text
    }

    /// Sends one request and reads the raw reply to EOF.
    static func exchange(
        port: Int,
        method: String = "GET",
        target: String,
        headers: [String] = [],
        body: String? = nil,
        timeoutMilliseconds: Int = 5_000
    ) async throws -> [UInt8] {
        let request = requestText(method: method, target: target, port: port, headers: headers, body: body)
        return try await OffPool.run {
            let connection = try RawConnection(port: port, timeoutMilliseconds: timeoutMilliseconds)
            defer { connection.close() }
            try connection.send(request)
            return try connection.receiveAll()
        }
    }

    /// Sends one request and parses the reply.
    static func fetch(
        port: Int,
        method: String = "GET",
        target: String,
        headers: [String] = [],
        body: String? = nil,
        timeoutMilliseconds: Int = 5_000
    ) async throws -> RawHTTPResponse {
        try RawHTTPResponse(bytes: await exchange(
            port: port,
            method: method,
            target: target,
            headers: headers,
            body: body,
            timeoutMilliseconds: timeoutMilliseconds
        ))
    }

    /// `/player_api.php?username=…&password=…` with both values percent-encoded (nil leaves the key out).
    static func loginTarget(username: String?, password: String?, extra: String = "", path: String = "/player_api.php")
        -> String
    {
        var items: [String] = []
        if let username { items.append("username=\(percentEncode(username))") }
        if let password { items.append("password=\(percentEncode(password))") }
        if !extra.isEmpty { items.append(extra) }
        return items.isEmpty ? path : "\(path)?\(items.joined(separator: "&"))"
    }

    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}
