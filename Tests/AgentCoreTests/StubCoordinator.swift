@testable import AgentCore
import Foundation
import Synchronization
import XCheckProtocol
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A stand-in for the coordinator's agent API on 127.0.0.1, on plain sockets and threads of its own (one per
/// connection, so a held poll does not block the rest). It hands out queued jobs, stores results by id (a
/// result sent twice is a duplicate), records heartbeats, and can be switched to answer 401 or 503, or to
/// drop connections, to imitate a coordinator that refuses the token or is down.
final class StubCoordinator: Sendable {
    enum Mode: Sendable, Equatable {
        case normal
        case status(Int)
        case closeConnections
    }

    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]
    }

    struct State {
        var mode: Mode = .normal
        /// Overrides `mode` for the results endpoint only.
        var resultsMode: Mode?
        /// Store result batches, then drop the connection without answering (an acknowledgement lost on the way).
        var loseResultAnswers = false
        var jobs: [AgentJob] = []
        var stored: [String: AgentResult] = [:]
        var storedOrder: [String] = []
        /// Result requests received, answered or not.
        var resultRequests = 0
        var duplicates = 0
        var heartbeats: [AgentHeartbeat] = []
        var polls = 0
        var authorizations: Set<String> = []
        var maxBatch = 0
    }

    let port: Int
    private let listener: Int32
    private let state = Mutex(State())
    private let stopped = Atomic<Bool>(false)
    /// The longest a poll is held (shorter than the protocol's 25 s, so tests end quickly).
    let maxHold: Double

    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    init(maxHold: Double = 1.0) throws {
        self.maxHold = maxHold
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw SystemError.last("bind") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = fd
        _ = try PosixThread.start(name: "stub-accept") { [self] in self.acceptLoop() }
    }

    func stop() {
        guard !self.stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(self.listener, Int32(SHUT_RDWR))
        close(self.listener)
    }

    // MARK: - Control and inspection

    func setMode(_ mode: Mode) { self.state.withLock { $0.mode = mode } }
    func setResultsMode(_ mode: Mode?) { self.state.withLock { $0.resultsMode = mode } }
    func setLoseResultAnswers(_ lose: Bool) { self.state.withLock { $0.loseResultAnswers = lose } }
    func enqueue(_ jobs: [AgentJob]) { self.state.withLock { $0.jobs += jobs } }
    var snapshot: State { self.state.withLock { $0 } }
    var storedResults: [AgentResult] { self.state.withLock { state in state.storedOrder.map { state.stored[$0]! } } }

    /// Waits (off the cooperative pool) until `condition` holds or `timeout` passes; true when it held.
    func waitUntil(timeout: Double = 20, _ condition: @escaping @Sendable (State) -> Bool) async -> Bool {
        (try? await OffPool.run { [self] in
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if self.state.withLock({ condition($0) }) { return true }
                usleep(20_000)
            }
            return self.state.withLock { condition($0) }
        }) ?? false
    }

    // MARK: - Serving

    private func acceptLoop() {
        while !self.stopped.load(ordering: .relaxed) {
            let client = accept(self.listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            _ = try? PosixThread.start(name: "stub-conn") { [self] in
                self.handle(client)
                close(client)
            }
        }
    }

    private func handle(_ client: Int32) {
        guard let request = Self.readRequest(client) else { return }
        let mode = self.state.withLock { state -> Mode in
            if let auth = request.headers["authorization"] { state.authorizations.insert(auth) }
            if request.path == CoordinatorClient.resultsPath { state.resultRequests += 1 }
            if request.path == CoordinatorClient.resultsPath, let resultsMode = state.resultsMode { return resultsMode }
            return state.mode
        }
        switch mode {
        case .closeConnections:
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            return
        case .status(let status):
            let code = status == 401 ? "unauthorized" : status == 403 ? "forbidden" : "database_unavailable"
            Self.respond(client, status: status, body: Array("{\"error\":{\"code\":\"\(code)\",\"message\":\"stub says \(status)\"}}".utf8))
            return
        case .normal:
            break
        }
        do {
            switch request.path {
            case CoordinatorClient.heartbeatPath:
                let heartbeat = try JSONDecoder().decode(AgentHeartbeat.self, from: Data(request.body))
                self.state.withLock { $0.heartbeats.append(heartbeat) }
                let answer = AgentHeartbeatResponse(
                    name: "test-1", region: "lab", network: "loopback", serverTime: Int64(time(nil)),
                    observedAddress: "127.0.0.1"
                )
                Self.respond(client, status: 200, body: Array(try JSONEncoder().encode(answer)))
            case CoordinatorClient.pollPath:
                let poll = try JSONDecoder().decode(AgentPollRequest.self, from: Data(request.body))
                self.state.withLock { $0.polls += 1 }
                let deadline = Date().addingTimeInterval(min(Double(poll.waitSeconds), self.maxHold))
                var jobs: [AgentJob] = []
                repeat {
                    jobs = self.state.withLock { state in
                        let taken = Array(state.jobs.prefix(poll.maxJobs))
                        state.jobs.removeFirst(taken.count)
                        return taken
                    }
                    if !jobs.isEmpty || self.stopped.load(ordering: .relaxed) { break }
                    usleep(20_000)
                } while Date() < deadline
                Self.respond(client, status: 200, body: Array(try JSONEncoder().encode(AgentPollResponse(jobs: jobs))))
            case CoordinatorClient.resultsPath:
                let batch = try JSONDecoder().decode(AgentResultBatch.self, from: Data(request.body))
                let (ack, lose) = self.state.withLock { state -> (AgentResultAck, Bool) in
                    state.maxBatch = max(state.maxBatch, batch.results.count)
                    var accepted: [String] = []
                    var duplicates: [String] = []
                    for result in batch.results {
                        if state.stored[result.resultID] != nil {
                            duplicates.append(result.resultID)
                            state.duplicates += 1
                        } else {
                            state.stored[result.resultID] = result
                            state.storedOrder.append(result.resultID)
                            accepted.append(result.resultID)
                        }
                    }
                    return (AgentResultAck(accepted: accepted, duplicates: duplicates), state.loseResultAnswers)
                }
                if lose { return }
                Self.respond(client, status: 200, body: Array(try JSONEncoder().encode(ack)))
            default:
                Self.respond(client, status: 404, body: Array("{\"error\":{\"code\":\"not_found\",\"message\":\"no route\"}}".utf8))
            }
        } catch {
            Self.respond(client, status: 400, body: Array("{\"error\":{\"code\":\"invalid_json\",\"message\":\"\(error)\"}}".utf8))
        }
    }

    static func readRequest(_ client: Int32) -> Request? {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let n = recv(client, &buffer, buffer.count, 0)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return nil }
            bytes += buffer[0..<n]
            if headerEnd == nil, MetricsServer.endsHeader(bytes) {
                for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
                    headerEnd = i + 4
                    break
                }
                let head = String(decoding: bytes[0..<headerEnd!], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, bytes.count >= headerEnd + contentLength { break }
        }
        let head = String(decoding: bytes[0..<headerEnd!], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(
            method: requestLine.count > 0 ? String(requestLine[0]) : "",
            path: requestLine.count > 1 ? String(requestLine[1]) : "",
            headers: headers,
            body: Array(bytes[headerEnd!..<(headerEnd! + contentLength)])
        )
    }

    static func respond(_ client: Int32, status: Int, body: [UInt8]) {
        let head = "HTTP/1.1 \(status) Stub\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(client, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }
}
