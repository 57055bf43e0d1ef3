internal import CCurl
import Synchronization

/// The state of one transfer while libcurl runs it. Owned by the driver thread: created, read and destroyed
/// only there (libcurl's callbacks run on that thread too), so it needs no lock.
final class Transfer {
    let id: UInt64
    let request: TransferRequest
    let continuation: CheckedContinuation<TransferReport, any Error>
    let handle: UnsafeMutableRawPointer
    let startedAt: ContinuousClock.Instant
    /// When the driver next has to look at this transfer's stage timeouts; nil when no stage limit is left.
    var nextStageCheck: ContinuousClock.Instant?

    var body: [UInt8] = []
    var bodyTruncated = false
    var headers: [(name: String, value: String)] = []
    var headerBytes = 0
    var abort: TransferAbort?

    /// libcurl writes its detailed message here; allocated once so it never moves while libcurl holds it.
    let errorBuffer: UnsafeMutablePointer<CChar>
    private var slists: [UnsafeMutablePointer<curl_slist>] = []

    init?(id: UInt64, request: TransferRequest, continuation: CheckedContinuation<TransferReport, any Error>) {
        guard let handle = curl_easy_init() else { return nil }
        self.id = id
        self.request = request
        self.continuation = continuation
        self.handle = handle
        self.startedAt = .now
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    /// Frees the easy handle and everything libcurl was given; call after removing it from the multi handle.
    func release() {
        curl_easy_cleanup(self.handle)
        for list in self.slists { curl_slist_free_all(list) }
        self.slists.removeAll()
        self.errorBuffer.deallocate()
    }

    /// Makes a `curl_slist` that lives as long as this transfer.
    func makeList(_ lines: [String]) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for line in lines { list = curl_slist_append(list, line) }
        if let list { self.slists.append(list) }
        return list
    }

    /// The stage deadline logic: returns an abort reason when a stage ran over its limit, and otherwise sets
    /// ``nextStageCheck`` to the moment the current stage's limit runs out (nil when no stage limit is left).
    func checkStages(now: ContinuousClock.Instant) -> TransferAbort? {
        let connect = self.info(off: CURLINFO_CONNECT_TIME_T)
        let elapsed = now - self.startedAt
        if connect > 0 {
            let needsTLS = self.request.isHTTPS
            guard needsTLS, self.info(off: CURLINFO_APPCONNECT_TIME_T) == 0 else {
                self.nextStageCheck = nil
                return nil
            }
            let limit = Duration.microseconds(connect) + self.request.tlsTimeout
            if elapsed >= limit { return .tlsTimeout }
            self.nextStageCheck = self.startedAt + limit
            return nil
        }
        let lookup = self.info(off: CURLINFO_NAMELOOKUP_TIME_T)
        if lookup > 0 || self.request.resolveHost != nil {
            let limit = Duration.microseconds(lookup) + self.request.connectTimeout
            if elapsed >= limit { return .connectTimeout }
            self.nextStageCheck = self.startedAt + limit
            return nil
        }
        if elapsed >= self.request.dnsTimeout { return .dnsTimeout }
        // Still resolving: look again soon, since the connect limit starts when the lookup ends.
        self.nextStageCheck = min(self.startedAt + self.request.dnsTimeout, now + .milliseconds(20))
        return nil
    }

    func info(off: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = xc_easy_getinfo_off_t(self.handle, off, &value)
        return Int64(value)
    }

    func info(long: CURLINFO) -> Int {
        var value: Int = 0
        _ = xc_easy_getinfo_long(self.handle, long, &value)
        return value
    }

    func info(string: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>? = nil
        guard xc_easy_getinfo_str(self.handle, string, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }
}

@available(*, unavailable)
extension Transfer: Sendable {}
