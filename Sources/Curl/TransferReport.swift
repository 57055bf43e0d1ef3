/// What happened to a transfer: libcurl's result plus everything measured. A failed transfer is a report,
/// not a thrown error.
public struct TransferReport: Sendable {
    /// libcurl's result code.
    public var code: CurlCode
    /// libcurl's detailed error message (`CURLOPT_ERRORBUFFER`), empty when none.
    public var errorMessage: String
    /// Set when the driver stopped the transfer itself (a stage timeout, a cap, the address policy).
    public var abort: TransferAbort?
    /// The `errno` of the last failed socket operation (`CURLINFO_OS_ERRNO`), 0 when none.
    public var osErrno: Int32
    /// The final HTTP status, nil when no response arrived.
    public var httpStatus: Int?
    /// The final response's headers (those of earlier redirect responses are dropped), names as sent.
    public var headers: [(name: String, value: String)]
    /// The response body, at most the request's cap.
    public var body: [UInt8]
    /// True when the body was cut at the cap.
    public var bodyTruncated: Bool
    /// The address actually connected to (`CURLINFO_PRIMARY_IP`).
    public var connectedAddress: String?
    /// The port actually connected to.
    public var connectedPort: Int?
    /// Redirects followed.
    public var redirectCount: Int
    /// The last URL used.
    public var effectiveURL: String?
    /// The `Location` of the final response when it was a redirect that was not followed.
    public var redirectURL: String?
    /// The `Retry-After` header of the final response, in seconds.
    public var retryAfterSeconds: Int?
    /// The TLS certificate verification result (`CURLINFO_SSL_VERIFYRESULT`, an OpenSSL X509_V_* code).
    public var sslVerifyResult: Int
    /// Stage timestamps.
    public var timings: TransferTimings

    public init(code: CurlCode) {
        self.code = code
        self.errorMessage = ""
        self.abort = nil
        self.osErrno = 0
        self.httpStatus = nil
        self.headers = []
        self.body = []
        self.bodyTruncated = false
        self.connectedAddress = nil
        self.connectedPort = nil
        self.redirectCount = 0
        self.effectiveURL = nil
        self.redirectURL = nil
        self.retryAfterSeconds = nil
        self.sslVerifyResult = 0
        self.timings = TransferTimings()
    }

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return self.headers.first { $0.name.lowercased() == wanted }?.value
    }
}
