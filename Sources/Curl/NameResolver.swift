#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Resolves host names with the system resolver (`getaddrinfo`, the call libcurl's own threaded resolver
/// makes), on threads of its own, never on Swift's cooperative pool. Resolving before the transfer lets a
/// check time the DNS stage on its own limit, keep every address the name resolved to, and tell a name that
/// does not exist (NXDOMAIN) from a resolver failure, which libcurl reports alike. The transfer then gets the
/// addresses through ``TransferRequest/resolvedAddresses``, so libcurl does not resolve the name again.
public final class NameResolver: Sendable {
    /// Why a name did not resolve.
    public enum Failure: Error, Sendable, Hashable {
        /// The name does not exist (`EAI_NONAME`).
        case nameNotFound
        /// The name exists but has no address of the wanted family (`EAI_NODATA`, `EAI_ADDRFAMILY`).
        case noAddress
        /// A temporary resolver failure, such as SERVFAIL or an unreachable resolver (`EAI_AGAIN`).
        case temporaryFailure(String)
        /// A permanent resolver failure (`EAI_FAIL` and others).
        case failure(String)
        /// No answer within the limit.
        case timedOut
    }

    /// A finished lookup.
    public struct Answer: Sendable, Hashable {
        /// Numeric addresses, in the resolver's order, without duplicates.
        public var addresses: [String]
        /// How long the lookup took.
        public var duration: Duration
    }

    private struct Job {
        let host: String
        let family: Int32
        let finish: @Sendable (Result<[String], Failure>) -> Void
    }

    private struct State {
        var queue: [Job] = []
        var workers = 0
    }

    private let state = Mutex(State())
    private let maxThreads: Int
    private let timer = DeadlineTimer()

    /// - Parameter maxThreads: lookups running at once; more wait in a queue (their time limit runs while
    ///   they wait).
    public init(maxThreads: Int = 32) {
        self.maxThreads = max(1, maxThreads)
    }

    /// Resolves `host`. A numeric IPv4 or IPv6 address is returned at once without a lookup.
    /// - Parameters:
    ///   - host: a host name or numeric address (IPv6 without brackets).
    ///   - timeout: the limit for the lookup.
    ///   - ipVersion: the address families wanted.
    public func resolve(
        _ host: String, timeout: Duration, ipVersion: TransferRequest.IPVersion = .any
    ) async -> Result<Answer, Failure> {
        let start = ContinuousClock.now
        if Self.isNumericAddress(host) {
            return .success(Answer(addresses: [host], duration: .zero))
        }
        let family: Int32
        switch ipVersion {
        case .any: family = AF_UNSPEC
        case .v4: family = AF_INET
        case .v6: family = AF_INET6
        }
        let once = ResumeOnce()
        let result: Result<[String], Failure> = await withCheckedContinuation { continuation in
            once.set(continuation)
            // Whichever comes first answers; the other finds the continuation taken.
            let timer = self.timer.schedule(after: timeout) { once.resume(.failure(.timedOut)) }
            self.enqueue(Job(host: host, family: family) { result in
                once.resume(result)
                self.timer.cancel(timer)
            })
        }
        return result.map { Answer(addresses: $0, duration: ContinuousClock.now - start) }
    }

    /// True for a numeric IPv4 or IPv6 address.
    public static func isNumericAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    private func enqueue(_ job: Job) {
        let startWorker = self.state.withLock { state -> Bool in
            state.queue.append(job)
            guard state.workers < self.maxThreads else { return false }
            state.workers += 1
            return true
        }
        guard startWorker else { return }
        if DriverThread.start({ [self] in self.work() }) == nil {
            // No thread: fail what is queued rather than leave callers waiting.
            let jobs = self.state.withLock { state -> [Job] in
                state.workers -= 1
                defer { state.queue.removeAll() }
                return state.workers == 0 ? state.queue : []
            }
            for job in jobs { job.finish(.failure(.failure("could not start a resolver thread"))) }
        }
    }

    /// A worker thread: takes jobs until the queue is empty, then ends.
    private func work() {
        while true {
            let job: Job? = self.state.withLock { state in
                if state.queue.isEmpty {
                    state.workers -= 1
                    return nil
                }
                return state.queue.removeFirst()
            }
            guard let job else { return }
            job.finish(Self.lookup(job.host, family: job.family))
        }
    }

    /// The blocking lookup.
    static func lookup(_ host: String, family: Int32) -> Result<[String], Failure> {
        var hints = addrinfo()
        hints.ai_family = family
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let rc = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard rc == 0 else {
            let message = String(cString: gai_strerror(rc))
            switch rc {
            case EAI_NONAME: return .failure(.nameNotFound)
            case -5, -9: return .failure(.noAddress)  // glibc's EAI_NODATA, EAI_ADDRFAMILY (GNU extensions)
            case EAI_AGAIN: return .failure(.temporaryFailure(message))
            default: return .failure(.failure(message))
            }
        }
        var addresses: [String] = []
        var node = list
        while let current = node {
            if let text = Self.numeric(current.pointee), !addresses.contains(text) { addresses.append(text) }
            node = current.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(.noAddress) : .success(addresses)
    }

    private static func numeric(_ info: addrinfo) -> String? {
        guard let address = info.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok: Bool = buffer.withUnsafeMutableBufferPointer { buf in
            switch info.ai_family {
            case AF_INET:
                return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var a = sin.pointee.sin_addr
                    return inet_ntop(AF_INET, &a, buf.baseAddress, socklen_t(buf.count)) != nil
                }
            case AF_INET6:
                return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var a = sin6.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &a, buf.baseAddress, socklen_t(buf.count)) != nil
                }
            default:
                return false
            }
        }
        guard ok else { return nil }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

/// Resumes a continuation exactly once, whichever of the lookup and the timer comes first.
private final class ResumeOnce: Sendable {
    private let continuation = Mutex<CheckedContinuation<Result<[String], NameResolver.Failure>, Never>?>(nil)
    private let early = Mutex<Result<[String], NameResolver.Failure>?>(nil)

    func set(_ c: CheckedContinuation<Result<[String], NameResolver.Failure>, Never>) {
        self.continuation.withLock { $0 = c }
    }

    func resume(_ result: Result<[String], NameResolver.Failure>) {
        let c = self.continuation.withLock { c -> CheckedContinuation<Result<[String], NameResolver.Failure>, Never>? in
            defer { c = nil }
            return c
        }
        c?.resume(returning: result)
    }
}
