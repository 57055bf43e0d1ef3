public import Curl
public import XCheckModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The outcome of a transfer that ended without an HTTP answer, as decided from libcurl's result code, the
/// socket `errno`, how far the connection got, and the driver's own stage limits. Pure: no I/O.
public struct NetworkClassification: Sendable, Hashable {
    public var outcome: Outcome
    public var stage: Stage
    /// One sentence for people.
    public var detail: String

    public init(outcome: Outcome, stage: Stage, detail: String) {
        self.outcome = outcome
        self.stage = stage
        self.detail = detail
    }

    /// Classifies a transfer that got no usable HTTP answer.
    /// - Parameters:
    ///   - report: the transfer's report.
    ///   - isHTTPS: whether the transfer used TLS.
    public static func classify(_ report: TransferReport, isHTTPS: Bool) -> NetworkClassification {
        let connected = report.timings.connect > 0
        let tlsDone = !isHTTPS || report.timings.appConnect > 0
        let message = report.errorMessage.isEmpty ? report.code.description : report.errorMessage
        let lower = message.lowercased()
        let afterConnectStage: Stage = connected ? (tlsDone ? .http : .tls) : .connect

        if let abort = report.abort {
            switch abort {
            case .dnsTimeout:
                return .init(outcome: .dnsFailure, stage: .dns, detail: "Name resolution did not finish in time.")
            case .connectTimeout:
                return .init(outcome: .connectionTimeout, stage: .connect, detail: "No answer to the TCP connection attempt within the connect timeout.")
            case .tlsTimeout:
                return .init(outcome: .tlsFailure, stage: .tls, detail: "The TLS handshake did not finish within the TLS timeout.")
            case .bodyCapExceeded:
                return .init(outcome: .notXtream, stage: .http, detail: "The answer was larger than the 1 MiB cap.")
            case .headerCapExceeded:
                return .init(outcome: .httpError, stage: .http, detail: "The response headers were larger than the cap.")
            case .addressRefused:
                return .init(outcome: .targetForbidden, stage: .connect, detail: "The address is private, local or otherwise not allowed as a target.")
            }
        }

        switch report.code {
        case .couldntResolveHost:
            return .init(outcome: .dnsFailure, stage: .dns, detail: "The name could not be resolved (\(message)).")
        case .couldntConnect:
            return Self.connectFailure(errno: report.osErrno, message: message)
        case .operationTimedOut:
            if !connected {
                return .init(outcome: .connectionTimeout, stage: .connect, detail: "No answer to the TCP connection attempt in time.")
            }
            if !tlsDone {
                return .init(outcome: .tlsFailure, stage: .tls, detail: "The TLS handshake did not finish in time.")
            }
            return .init(outcome: .responseTimeout, stage: .http, detail: "Connected, but the answer did not arrive within the request timeout.")
        case .sendError, .recvError:
            if report.osErrno == ECONNRESET || lower.contains("reset by peer") {
                return .init(outcome: .connectionReset, stage: afterConnectStage, detail: "The connection was reset \(Self.where(afterConnectStage)).")
            }
            return .init(outcome: .httpError, stage: afterConnectStage, detail: "The connection failed \(Self.where(afterConnectStage)) (\(message)).")
        case .gotNothing:
            return .init(outcome: .httpError, stage: .http, detail: "The server closed the connection without answering.")
        case .weirdServerReply, .unsupportedProtocol:
            return .init(outcome: .httpError, stage: .http, detail: "The answer was not valid HTTP (\(message)).")
        case .tooManyRedirects:
            return .init(outcome: .httpError, stage: .http, detail: "The server redirected too many times (a redirect loop).")
        case .partialFile:
            return .init(outcome: .httpError, stage: .http, detail: "The answer was cut short.")
        default:
            break
        }

        if report.code.isTLS {
            if report.osErrno == ECONNRESET || lower.contains("reset by peer") || lower.contains("connection reset") {
                return .init(outcome: .connectionReset, stage: .tls, detail: "The connection was reset during the TLS handshake.")
            }
            if lower.contains("wrong version number") || lower.contains("packet length too long")
                || lower.contains("unknown protocol") || lower.contains("record layer failure")
                || lower.contains("http request")
            {
                return .init(outcome: .schemeMismatch, stage: .tls, detail: "The server on this port does not speak TLS (it looks like plain http).")
            }
            if report.code == .peerFailedVerification || report.code == .sslCACertBadFile
                || report.code == .sslIssuerError
            {
                return .init(outcome: .tlsFailure, stage: .tls, detail: "The server's certificate is not trusted (\(message)).")
            }
            return .init(outcome: .tlsFailure, stage: .tls, detail: "The TLS handshake failed (\(message)).")
        }
        return .init(outcome: .httpError, stage: afterConnectStage, detail: "The transfer failed \(Self.where(afterConnectStage)) (\(message)).")
    }

    static func connectFailure(errno: Int32, message: String) -> NetworkClassification {
        switch errno {
        case ECONNREFUSED:
            return .init(outcome: .connectionRefused, stage: .connect, detail: "The host refused the connection: nothing listens on this port.")
        case ETIMEDOUT:
            return .init(outcome: .connectionTimeout, stage: .connect, detail: "No answer to the TCP connection attempt.")
        case ECONNRESET:
            return .init(outcome: .connectionReset, stage: .connect, detail: "The connection was reset while it was being set up.")
        case ENETUNREACH, EHOSTUNREACH, ENETDOWN, EHOSTDOWN, EADDRNOTAVAIL, EAFNOSUPPORT:
            return .init(outcome: .networkUnreachable, stage: .connect, detail: "There is no route to the host (\(message)).")
        case EACCES, EPERM:
            return .init(outcome: .networkUnreachable, stage: .connect, detail: "The connection was prohibited by a local or network policy (\(message)).")
        default:
            let lower = message.lowercased()
            if lower.contains("refused") {
                return .init(outcome: .connectionRefused, stage: .connect, detail: "The host refused the connection: nothing listens on this port.")
            }
            if lower.contains("timed out") {
                return .init(outcome: .connectionTimeout, stage: .connect, detail: "No answer to the TCP connection attempt.")
            }
            return .init(outcome: .networkUnreachable, stage: .connect, detail: "The connection could not be made (\(message)).")
        }
    }

    static func `where`(_ stage: Stage) -> String {
        switch stage {
        case .connect: return "while connecting"
        case .tls: return "during the TLS handshake"
        default: return "after the request was sent"
        }
    }
}
