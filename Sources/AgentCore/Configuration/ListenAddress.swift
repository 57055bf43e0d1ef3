/// A TCP address to listen on: `127.0.0.1:9464`, `[::1]:9464`, or a bare port (on 127.0.0.1).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The numeric IP address.
    public var host: String
    /// The port (0 picks a free one).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[v6]:port` or `port`; nil when it is not one of those with a numeric address.
    public init?(parsing text: String) {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard IPAddress(host) != nil, let port = Int(portText), (0...65535).contains(port) else { return nil }
        self.host = host
        self.port = port
    }

    /// True for loopback addresses.
    public var isLoopback: Bool { AddressClassifier.classify(self.host) == .loopback }

    public var description: String { self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)" }
}
