/// A libcurl result code (`CURLcode`), as a Swift value that carries no C type.
public struct CurlCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = CurlCode(rawValue: 0)
    public static let unsupportedProtocol = CurlCode(rawValue: 1)
    public static let urlMalformat = CurlCode(rawValue: 3)
    public static let couldntResolveProxy = CurlCode(rawValue: 5)
    public static let couldntResolveHost = CurlCode(rawValue: 6)
    public static let couldntConnect = CurlCode(rawValue: 7)
    public static let weirdServerReply = CurlCode(rawValue: 8)
    public static let http2 = CurlCode(rawValue: 16)
    public static let partialFile = CurlCode(rawValue: 18)
    public static let httpReturnedError = CurlCode(rawValue: 22)
    public static let writeError = CurlCode(rawValue: 23)
    public static let readError = CurlCode(rawValue: 26)
    public static let outOfMemory = CurlCode(rawValue: 27)
    public static let operationTimedOut = CurlCode(rawValue: 28)
    public static let rangeError = CurlCode(rawValue: 33)
    public static let sslConnectError = CurlCode(rawValue: 35)
    public static let abortedByCallback = CurlCode(rawValue: 42)
    public static let tooManyRedirects = CurlCode(rawValue: 47)
    public static let gotNothing = CurlCode(rawValue: 52)
    public static let sslEngineNotFound = CurlCode(rawValue: 53)
    public static let sendError = CurlCode(rawValue: 55)
    public static let recvError = CurlCode(rawValue: 56)
    public static let sslCertProblem = CurlCode(rawValue: 58)
    public static let sslCipher = CurlCode(rawValue: 59)
    public static let peerFailedVerification = CurlCode(rawValue: 60)
    public static let badContentEncoding = CurlCode(rawValue: 61)
    public static let filesizeExceeded = CurlCode(rawValue: 63)
    public static let sslCACertBadFile = CurlCode(rawValue: 77)
    public static let sslShutdownFailed = CurlCode(rawValue: 80)
    public static let again = CurlCode(rawValue: 81)
    public static let sslCRLBadFile = CurlCode(rawValue: 82)
    public static let sslIssuerError = CurlCode(rawValue: 83)
    public static let http2Stream = CurlCode(rawValue: 92)
    public static let http3 = CurlCode(rawValue: 95)
    public static let sslClientCert = CurlCode(rawValue: 98)
    public static let unrecoverablePoll = CurlCode(rawValue: 99)

    /// libcurl's own sentence for this code (`curl_easy_strerror`).
    public var description: String { "curl error \(self.rawValue): \(CurlGlobal.strerror(self.rawValue))" }

    /// True for the codes that mean the TLS layer failed.
    public var isTLS: Bool {
        switch self {
        case .sslConnectError, .sslCertProblem, .sslCipher, .peerFailedVerification, .sslCACertBadFile,
            .sslShutdownFailed, .sslCRLBadFile, .sslIssuerError, .sslClientCert, .sslEngineNotFound:
            return true
        default:
            return false
        }
    }
}
