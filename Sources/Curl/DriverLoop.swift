internal import CCurl

/// The driver thread's own state: the multi handle's transfers by id. Used only on the driver thread.
final class DriverLoop {
    private let multi: UnsafeMutableRawPointer
    private var transfers: [UInt64: Transfer] = [:]
    /// The earliest moment any transfer's stage limit runs out.
    private var earliestStageCheck: ContinuousClock.Instant?

    init(multi: UnsafeMutableRawPointer) {
        self.multi = multi
    }

    /// Starts a transfer. Returns false when it ended at once (libcurl refused it), so it is not in flight.
    func add(id: UInt64, request: TransferRequest, continuation: CheckedContinuation<TransferReport, any Error>) -> Bool {
        guard let transfer = Transfer(id: id, request: request, continuation: continuation) else {
            var report = TransferReport(code: .outOfMemory)
            report.errorMessage = "curl_easy_init failed"
            continuation.resume(returning: report)
            return false
        }
        guard transfer.configure() else {
            var report = TransferReport(code: .urlMalformat)
            report.errorMessage = String(cString: transfer.errorBuffer)
            if report.errorMessage.isEmpty { report.errorMessage = "libcurl refused an option of this request" }
            transfer.release()
            continuation.resume(returning: report)
            return false
        }
        self.transfers[id] = transfer
        _ = transfer.checkStages(now: .now)
        self.noteStageCheck(transfer.nextStageCheck)
        curl_multi_add_handle(self.multi, transfer.handle)
        return true
    }

    /// Removes a transfer and throws `CancellationError` to its caller. Returns false when it had already ended.
    func cancel(id: UInt64) -> Bool {
        guard let transfer = self.transfers.removeValue(forKey: id) else { return false }
        curl_multi_remove_handle(self.multi, transfer.handle)
        transfer.release()
        transfer.continuation.resume(throwing: CancellationError())
        return true
    }

    func cancelAll() {
        for id in Array(self.transfers.keys) { _ = self.cancel(id: id) }
    }

    /// Lets libcurl work, finishes completed transfers and enforces stage limits. Returns how many ended.
    func step() -> Int {
        var running: Int32 = 0
        curl_multi_perform(self.multi, &running)
        var finished = 0
        var left: Int32 = 0
        while let message = curl_multi_info_read(self.multi, &left) {
            var easy: UnsafeMutableRawPointer? = nil
            var result = CURLE_OK
            guard xc_msg_done(message, &easy, &result) == 1, let easy else { continue }
            var privateData: UnsafeMutableRawPointer? = nil
            _ = xc_easy_getinfo_ptr(easy, CURLINFO_PRIVATE, &privateData)
            guard let privateData else { continue }
            let transfer = Unmanaged<Transfer>.fromOpaque(privateData).takeUnretainedValue()
            self.finish(transfer, code: CurlCode(rawValue: Int32(bitPattern: result.rawValue)))
            finished += 1
        }
        finished += self.enforceStageLimits()
        return finished
    }

    /// Waits for socket activity, a wakeup, or the next stage limit (at most one second).
    func poll() {
        var timeout = 1000
        if let next = self.earliestStageCheck {
            let remaining = next - .now
            timeout = min(timeout, max(0, Transfer.milliseconds(remaining)))
        }
        var numfds: Int32 = 0
        curl_multi_poll(self.multi, nil, 0, Int32(timeout), &numfds)
    }

    private func noteStageCheck(_ instant: ContinuousClock.Instant?) {
        guard let instant else { return }
        if let current = self.earliestStageCheck, current <= instant { return }
        self.earliestStageCheck = instant
    }

    private func enforceStageLimits() -> Int {
        let now = ContinuousClock.now
        guard let earliest = self.earliestStageCheck, earliest <= now else { return 0 }
        self.earliestStageCheck = nil
        var aborted: [Transfer] = []
        for transfer in self.transfers.values {
            guard let due = transfer.nextStageCheck else { continue }
            if due > now {
                self.noteStageCheck(due)
                continue
            }
            if let reason = transfer.checkStages(now: now) {
                transfer.abort = reason
                aborted.append(transfer)
            } else {
                self.noteStageCheck(transfer.nextStageCheck)
            }
        }
        for transfer in aborted { self.finish(transfer, code: .operationTimedOut) }
        return aborted.count
    }

    private func finish(_ transfer: Transfer, code: CurlCode) {
        self.transfers.removeValue(forKey: transfer.id)
        var report = TransferReport(code: code)
        report.errorMessage = String(cString: transfer.errorBuffer)
        report.abort = transfer.abort
        report.osErrno = Int32(truncatingIfNeeded: transfer.info(long: CURLINFO_OS_ERRNO))
        let status = transfer.info(long: CURLINFO_RESPONSE_CODE)
        report.httpStatus = status > 0 ? status : nil
        report.headers = transfer.headers
        report.body = transfer.body
        report.bodyTruncated = transfer.bodyTruncated
        report.connectedAddress = transfer.info(string: CURLINFO_PRIMARY_IP).flatMap { $0.isEmpty ? nil : $0 }
        let port = transfer.info(long: CURLINFO_PRIMARY_PORT)
        report.connectedPort = port > 0 ? port : nil
        report.redirectCount = transfer.info(long: CURLINFO_REDIRECT_COUNT)
        report.effectiveURL = transfer.info(string: CURLINFO_EFFECTIVE_URL)
        report.redirectURL = transfer.info(string: CURLINFO_REDIRECT_URL)
        let retryAfter = transfer.info(off: CURLINFO_RETRY_AFTER)
        report.retryAfterSeconds = retryAfter > 0 ? Int(retryAfter) : nil
        report.sslVerifyResult = transfer.info(long: CURLINFO_SSL_VERIFYRESULT)
        var timings = TransferTimings()
        timings.nameLookup = transfer.info(off: CURLINFO_NAMELOOKUP_TIME_T)
        timings.connect = transfer.info(off: CURLINFO_CONNECT_TIME_T)
        timings.appConnect = transfer.info(off: CURLINFO_APPCONNECT_TIME_T)
        timings.preTransfer = transfer.info(off: CURLINFO_PRETRANSFER_TIME_T)
        timings.startTransfer = transfer.info(off: CURLINFO_STARTTRANSFER_TIME_T)
        timings.total = transfer.info(off: CURLINFO_TOTAL_TIME_T)
        timings.redirect = transfer.info(off: CURLINFO_REDIRECT_TIME_T)
        if transfer.abort != nil, timings.total == 0 {
            // Stopped by the driver before libcurl measured a total: use the driver's own clock.
            let (seconds, attoseconds) = (ContinuousClock.now - transfer.startedAt).components
            timings.total = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        }
        report.timings = timings
        curl_multi_remove_handle(self.multi, transfer.handle)
        transfer.release()
        transfer.continuation.resume(returning: report)
    }
}

@available(*, unavailable)
extension DriverLoop: Sendable {}
