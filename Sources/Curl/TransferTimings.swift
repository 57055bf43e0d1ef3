/// libcurl's cumulative timestamps for a transfer, in microseconds from its start (0 = not reached).
/// The corresponding infos are `CURLINFO_*_TIME_T`.
public struct TransferTimings: Sendable, Hashable {
    /// Name resolution done.
    public var nameLookup: Int64 = 0
    /// TCP connection established.
    public var connect: Int64 = 0
    /// TLS handshake done (0 for plain http).
    public var appConnect: Int64 = 0
    /// About to send the request.
    public var preTransfer: Int64 = 0
    /// First response byte received.
    public var startTransfer: Int64 = 0
    /// Transfer finished.
    public var total: Int64 = 0
    /// Time spent on redirects before the final request.
    public var redirect: Int64 = 0

    public init() {}
}
