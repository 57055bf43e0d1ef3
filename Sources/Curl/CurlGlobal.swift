internal import CCurl

/// Process-wide libcurl set-up. `curl_global_init` is not thread-safe, so it runs exactly once, from a Swift
/// global initializer (which the runtime guarantees to run once), before the first handle is made.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    /// Runs `curl_global_init` if it has not run yet; returns false if libcurl could not be initialised.
    @discardableResult
    static func ensureInitialized() -> Bool { self.initialized }

    /// libcurl's description of a result code.
    static func strerror(_ code: Int32) -> String {
        String(cString: curl_easy_strerror(CURLcode(rawValue: UInt32(bitPattern: code))))
    }

    /// The libcurl version string, e.g. "libcurl/7.88.1 OpenSSL/3.0.19 ...".
    static var version: String { String(cString: curl_version()) }
}
