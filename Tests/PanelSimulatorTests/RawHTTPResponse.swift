/// A parsed HTTP/1.x response read to EOF.
struct RawHTTPResponse {
    let statusLine: String
    let statusCode: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    enum ParseError: Error {
        case noHeaderEnd
        case badStatusLine(String)
    }

    init(bytes: [UInt8]) throws {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else { throw ParseError.noHeaderEnd }
        let headText = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let code = Int(parts[1]) else { throw ParseError.badStatusLine(statusLine) }
        statusCode = code
        headers = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            return (String(line[..<colon]), String(value))
        }
        body = Array(bytes[end.upperBound...])
    }

    /// First header with this name, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}
