internal import CCurl
import Synchronization

/// Runs libcurl transfers on libcurl's multi interface. One dedicated thread owns the multi handle and every
/// easy handle; callers submit transfers from async code and are resumed (exactly once) when their transfer
/// ends. Many transfers run at once on that one thread.
///
/// ```swift
/// let driver = try CurlDriver.start()
/// let report = try await driver.perform(TransferRequest(url: "http://127.0.0.1:8080/player_api.php"))
/// await driver.shutdown()
/// ```
///
/// Cancelling the calling task removes its transfer and throws `CancellationError`.
public final class CurlDriver: Sendable {
    /// A driver that could not start.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    private let inbox: Mutex<Inbox>
    private let multi: MultiHandle
    private let thread: Mutex<DriverThread?>
    private let nextID = Atomic<UInt64>(1)

    /// The multi handle pointer, shared so that other threads can call `curl_multi_wakeup`, the one multi
    /// call libcurl documents as safe from any thread.
    struct MultiHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
        func wakeup() { curl_multi_wakeup(self.pointer) }
    }

    /// Work handed to the driver thread, guarded by the mutex.
    struct Inbox {
        var submissions: [(id: UInt64, request: TransferRequest, continuation: CheckedContinuation<TransferReport, any Error>)] = []
        var cancellations: [UInt64] = []
        var stopping = false
        var stopped = false
        var inFlight = 0
    }

    private init(multi: MultiHandle) {
        self.multi = multi
        self.inbox = Mutex(Inbox())
        self.thread = Mutex(nil)
    }

    /// Creates the multi handle and starts the driver thread.
    public static func start() throws -> CurlDriver {
        guard CurlGlobal.ensureInitialized() else { throw StartError(description: "libcurl could not be initialised") }
        guard let pointer = curl_multi_init() else { throw StartError(description: "curl_multi_init failed") }
        let driver = CurlDriver(multi: MultiHandle(pointer: pointer))
        guard let thread = DriverThread.start({ [driver] in driver.runLoop() }) else {
            curl_multi_cleanup(pointer)
            throw StartError(description: "could not start the curl driver thread")
        }
        driver.thread.withLock { $0 = thread }
        return driver
    }

    /// The libcurl version in use, e.g. "libcurl/7.88.1 OpenSSL/3.0.19 ...".
    public static var libcurlVersion: String {
        CurlGlobal.ensureInitialized()
        return CurlGlobal.version
    }

    /// Transfers submitted and not yet finished.
    public var inFlight: Int { self.inbox.withLock { $0.inFlight } }

    /// Runs one transfer and returns its report. A failed transfer is a report, not an error; this throws only
    /// `CancellationError` (task cancelled, or the driver shut down).
    public func perform(_ request: TransferRequest) async throws -> TransferReport {
        let id = self.nextID.add(1, ordering: .relaxed).newValue
        let token = CancellationToken()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<TransferReport, any Error>) in
                guard token.markSubmitted() else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let accepted = self.inbox.withLock { inbox -> Bool in
                    guard !inbox.stopping else { return false }
                    inbox.submissions.append((id, request, continuation))
                    inbox.inFlight += 1
                    return true
                }
                if accepted {
                    self.multi.wakeup()
                } else {
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            if token.cancel() {
                self.inbox.withLock { $0.cancellations.append(id) }
                self.multi.wakeup()
            }
        }
    }

    /// Stops the driver: transfers still running are cancelled (their callers get `CancellationError`), the
    /// thread ends and the multi handle is freed. Safe to call more than once.
    public func shutdown() async {
        let thread: DriverThread? = self.thread.withLock { t in
            defer { t = nil }
            return t
        }
        self.inbox.withLock { $0.stopping = true }
        self.multi.wakeup()
        guard let thread else { return }
        // Joining blocks, so it happens on a thread of our own, never on the cooperative pool.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let joiner = DriverThread.start {
                thread.join()
                done.resume()
            }
            if joiner == nil {
                thread.join()
                done.resume()
            }
        }
        curl_multi_cleanup(self.multi.pointer)
    }

    // MARK: - The driver thread

    private func runLoop() {
        let loop = DriverLoop(multi: self.multi.pointer)
        while true {
            let (submissions, cancellations, stopping) = self.inbox.withLock { inbox in
                defer {
                    inbox.submissions.removeAll(keepingCapacity: true)
                    inbox.cancellations.removeAll(keepingCapacity: true)
                }
                return (inbox.submissions, inbox.cancellations, inbox.stopping)
            }
            var ended = 0
            for submission in submissions {
                if !loop.add(id: submission.id, request: submission.request, continuation: submission.continuation) {
                    ended += 1
                }
            }
            for id in cancellations where loop.cancel(id: id) { ended += 1 }
            if stopping {
                loop.cancelAll()
                break
            }
            ended += loop.step()
            if ended > 0 { self.inbox.withLock { $0.inFlight -= ended } }
            loop.poll()
        }
        let leftover = self.inbox.withLock { inbox in
            defer {
                inbox.submissions.removeAll()
                inbox.inFlight = 0
                inbox.stopped = true
            }
            return inbox.submissions
        }
        for submission in leftover { submission.continuation.resume(throwing: CancellationError()) }
    }
}

/// Decides, once, whether a task's cancellation or its submission came first.
final class CancellationToken: Sendable {
    private enum State { case initial, submitted, cancelled }
    private let state = Mutex(State.initial)

    /// Returns false when the task was cancelled before its transfer could be submitted.
    func markSubmitted() -> Bool {
        self.state.withLock { state in
            guard state == .initial else { return false }
            state = .submitted
            return true
        }
    }

    /// Returns true when the transfer was already submitted, so the driver must be told to cancel it.
    func cancel() -> Bool {
        self.state.withLock { state in
            defer { state = .cancelled }
            return state == .submitted
        }
    }
}
