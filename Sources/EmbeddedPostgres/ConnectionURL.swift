/// libpq connection URLs for the embedded server.
enum ConnectionURL {
    /// `postgresql://user@/database?host=<socket directory>&port=<port>`, every part percent-encoded. The port
    /// is always given: it names the socket file, and it keeps a `PGPORT` in the environment from changing it.
    static func socket(user: String, database: String, socketDirectory: String, port: Int) -> String {
        "postgresql://\(self.encode(user))@/\(self.encode(database))?host=\(self.encode(socketDirectory))&port=\(port)"
    }

    /// `postgresql://user@127.0.0.1:<port>/database`.
    static func loopback(user: String, database: String, port: Int) -> String {
        "postgresql://\(self.encode(user))@127.0.0.1:\(port)/\(self.encode(database))"
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "%"
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0f)]))
            }
        }
        return encoded
    }
}
