import XCheckModel

/// Phrases shared by the verdict's summary and advice.
enum VerdictWording {
    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// "1 network", "3 networks".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : (plural ?? singular + "s"))"
    }

    /// What a blocking type means, for a sentence.
    static func blockingPhrase(_ type: BlockingType) -> String {
        switch type {
        case .dns: return "DNS: the name does not resolve there, or resolves to the wrong addresses"
        case .tcpIP: return "TCP/IP: connections are dropped, refused or reset"
        case .httpFailure: return "the connection is cut or stalls after it is set up"
        case .httpDiff: return "a different answer, such as a block page"
        }
    }

    /// What an account outcome means, for a sentence.
    static func accountPhrase(_ outcome: Outcome) -> String {
        switch outcome {
        case .credentialsRejected: return "the username or password is wrong"
        case .loginRejected: return "the credentials are wrong or the line is inactive, and an XUI panel does not say which"
        case .accountExpired: return "the subscription has expired"
        case .accountBanned: return "the provider has banned the line"
        case .accountDisabled: return "the provider has disabled the line"
        case .maxConnectionsReached: return "every connection the line allows is in use"
        default: return outcome.rawValue
        }
    }

    /// "eu-west (tcp_ip)" for each region, joined.
    static func regionBlockingList(_ regions: [RegionReport]) -> String {
        Self.list(regions.map { region in
            region.blocking.map { "\(region.region) (\($0.rawValue))" } ?? region.region
        })
    }

    /// One sentence saying what the shared failure means, by outcome.
    static func downSentence(_ reason: Outcome, layer: FailureLayer, context: VerdictContext, status: Int?) -> String {
        let hostPort = context.hostPort
        let host = context.host
        switch reason {
        case .dnsNXDOMAIN:
            return "The name \(host) does not exist for any network checked (dns_nxdomain): the domain is gone or has moved."
        case .dnsFailure:
            return "No network checked can resolve \(host) (dns_failure): the name's DNS is broken."
        case .connectionRefused:
            return "The host answers but nothing listens on \(hostPort) from any network (connection_refused): the port is closed."
        case .connectionTimeout:
            return "No network checked gets an answer from \(hostPort) (connection_timeout): the host is down or unreachable."
        case .networkUnreachable:
            return "No network checked has a route to \(host) (network_unreachable): the host's network is down."
        case .connectionReset:
            return "Every network's connection to \(hostPort) is reset at \(layer.phrase) (connection_reset): the server or its firewall cuts them."
        case .tlsFailure:
            return "The TLS handshake with \(hostPort) fails from every network (tls_failure): the server's certificate or TLS setup is broken."
        case .responseTimeout:
            return "\(hostPort) accepts connections but answers no network in time (response_timeout): the panel is overloaded or hung."
        case .httpError:
            let answer = status.map { "HTTP \($0)" } ?? "no valid HTTP answer"
            return "\(hostPort) answers every network with an error (http_error, \(answer)): the server is failing."
        case .cdnOriginError:
            return "The CDN in front of \(host) answers every network that it cannot reach the panel's own server (cdn_origin_error): the origin is down behind the CDN."
        case .notXtream:
            return "\(hostPort) answers every network, but not as an Xtream panel (not_xtream): the URL or port is wrong, or there is no panel here any more."
        case .schemeMismatch:
            let scheme = context.target?.scheme
            let other = scheme == .https ? "http" : "https"
            let given = scheme?.rawValue ?? "the given scheme"
            return "\(hostPort) speaks \(other), not \(given), for every network (scheme_mismatch): the URL's scheme is wrong."
        default:
            return "Every network fails at \(layer.phrase) with \(hostPort) (\(reason.rawValue))."
        }
    }

    /// What the user can do about a shared failure, by outcome.
    static func downAdvice(_ reason: Outcome, context: VerdictContext) -> String {
        let hostPort = context.hostPort
        switch reason {
        case .dnsNXDOMAIN:
            return "Check the name for typos. If it is right, the provider's domain has lapsed or moved: ask the provider for the current address. Nothing is wrong with your network."
        case .dnsFailure:
            return "The provider's DNS is broken; only the provider can fix it. Nothing is wrong with your network."
        case .connectionRefused:
            return "Check the port number with your provider: the panel is stopped or has moved to another port. Nothing is wrong with your network."
        case .connectionTimeout, .networkUnreachable:
            return "The server is down or unreachable from everywhere. Nothing is wrong with your network or account: wait, or ask your provider."
        case .connectionReset:
            return "The server (or a firewall in front of it) cuts every connection. Nothing is wrong with your network: ask your provider."
        case .tlsFailure:
            return "The server's TLS setup is broken for everyone. Try the http:// address if the provider gave one, or ask the provider to fix the certificate."
        case .responseTimeout:
            return "The panel is overloaded or hung. Try again later; if it persists, ask your provider."
        case .httpError:
            return "The panel is failing (server error). Only the provider can fix it; this does not mean your account is wrong."
        case .cdnOriginError:
            return "The panel is down behind its CDN. Only the provider can fix its origin server; this does not mean your account is wrong."
        case .notXtream:
            return "Check the URL and port with your provider: \(hostPort) is not an Xtream panel for anyone."
        case .schemeMismatch:
            let other = context.target?.scheme == .https ? "http" : "https"
            return "Use \(other):// instead in your player, with the same port."
        default:
            return "Ask your provider: \(hostPort) fails for every network checked."
        }
    }

    /// What the user can do when their own network is blocked, by blocking type.
    static func blockedAdvice(_ type: BlockingType, context: VerdictContext, referenceAddresses: Set<String>) -> String {
        let port = context.target?.port.description ?? "this port"
        switch type {
        case .dns:
            let addresses = referenceAddresses.isEmpty ? "" : " Other networks resolve it to \(VerdictEngine.addressList(referenceAddresses))."
            return "Your network's DNS does not resolve \(context.host) correctly. Use another DNS resolver (for example 1.1.1.1 or 9.9.9.9, or DNS over HTTPS) on this device or your router.\(addresses)"
        case .tcpIP:
            return "Something on your network (usually the ISP) drops or rejects connections to port \(port) of this server. Try https or another port if the panel offers one, another network (mobile data), or a VPN."
        case .httpFailure:
            return "Something on your network cuts the connection to this server after it is set up, which is typical of an ISP's filter. Try https if the panel offers it, another network (mobile data), or a VPN."
        case .httpDiff:
            return "Your network answers in the panel's place, usually with an ISP block page. Try https if the panel offers it, another network (mobile data), or a VPN."
        }
    }
}
