/// Plain-language advice for a probe result: what the user should do next. Pure: the same result always
/// gives the same advice.
public enum AdviceWriter {
    /// Advice lines for a result, most useful first.
    public static func advice(for result: ProbeResult) -> [String] {
        var lines: [String] = []
        let target = result.target
        let hasCredentialWarnings = result.inputWarnings.contains {
            ($0.field == .password || $0.field == .username)
                && [.invisibleCharacters, .smartQuotes, .surroundingWhitespace].contains($0.code)
        }
        switch result.outcome {
        case .ok:
            lines.append("The login works from here. If your player still fails, check the URL it uses (scheme, port, no trailing path) and that the player is set to \"Xtream Codes API\".")
        case .reachable:
            if result.kind == .port {
                lines.append("The port accepts connections from here.")
            } else {
                lines.append("The server answers HTTP from here. Give the username and password (-u, -p) to check the login too.")
            }
        case .credentialsRejected:
            lines.append("The panel refused this username and password. Copy them again from your provider's message, typing them by hand if they were pasted, and mind upper and lower case.")
        case .loginRejected:
            lines.append("The panel answered 404 to the login: an XUI panel does this for a wrong username or password and also for an expired, banned or disabled line. Check the credentials first, then ask your provider whether the line is active.")
            lines.append("If the credentials are right and the line is active, check the URL: a server without a panel at this address answers the same way.")
        case .accountExpired:
            if let expires = result.account?.expiresAt {
                lines.append("The subscription expired on \(CivilDate.dateString(epochSeconds: expires)) (panel clock). Renew it with your provider; nothing is wrong with your network or the server.")
            } else {
                lines.append("The panel says the subscription has expired. Renew it with your provider; nothing is wrong with your network or the server.")
            }
        case .accountBanned:
            lines.append("The provider has banned this line. Only the provider can lift it; nothing is wrong with your network or the server.")
        case .accountDisabled:
            lines.append("The provider has disabled this line. Contact the provider; nothing is wrong with your network or the server.")
        case .maxConnectionsReached:
            let used = result.account?.activeConnections.map(String.init) ?? "all"
            let max = result.account?.maxConnections.map(String.init) ?? "?"
            lines.append("All connections of this line are in use (\(used) of \(max)). Close the player on your other devices, or wait a few minutes for stale connections to expire. Starting another stream may cut off a viewer on another device.")
        case .dnsNXDOMAIN:
            lines.append("The name \(target.host) does not exist. Check it for typos; if it is right, the provider may have moved to a new domain. If it works on another network (mobile data), your ISP's DNS may be blocking it: try another DNS resolver.")
        case .dnsFailure:
            lines.append("The name \(target.host) could not be resolved. Check your internet connection and DNS settings; if other sites work, try another DNS resolver.")
        case .connectionRefused:
            lines.append("The server refused connections on port \(target.port): nothing is listening there. Check the port number with your provider. If it works from another network, something on your path is rejecting it.")
        case .connectionTimeout:
            lines.append("No answer from \(target.host) on port \(target.port). The server may be down, or a firewall or your ISP may be dropping the traffic. Try from another network (mobile data) to tell which.")
        case .connectionReset:
            lines.append("The connection was cut (reset) \(Self.stagePhrase(result.stage)). When this happens only on some networks, it is usually deliberate filtering by an ISP; try another network or the https port if the panel has one.")
        case .networkUnreachable:
            lines.append("There is no network route to \(target.host) from here. Check this machine's internet connection.")
        case .tlsFailure:
            lines.append("The secure (TLS) connection failed: \(result.detail) Try the http:// address if the provider gave one, and check the device's date and time.")
        case .schemeMismatch:
            let other = target.scheme == .http ? "https" : "http"
            lines.append("This port speaks \(other), not \(target.scheme.rawValue). Use \(other):// in your player.")
        case .httpError:
            lines.append("The server answered with an error (\(result.httpStatus.map { "HTTP \($0)" } ?? "no valid HTTP answer")). If it persists, the panel is having problems: ask your provider.")
        case .cdnOriginError:
            lines.append("The CDN in front of the panel cannot reach the panel server (HTTP \(result.httpStatus.map(String.init) ?? "52x")). The panel is down behind its CDN; only the provider can fix it.")
        case .cdnChallenge:
            lines.append("The CDN in front of the panel answered with a bot check instead of the panel. Players cannot pass it; the provider must relax its CDN settings. This does not mean your account is wrong.")
        case .rateLimited:
            lines.append("The panel is limiting or blocking this address (too many requests). Wait before trying again, and do not retry in a loop: panels ban addresses that do.")
        case .notXtream:
            lines.append("The server answered, but not like an Xtream panel (\(result.detail)) Check the URL and port. If the same URL works on another network, your ISP may be showing a block page.")
        case .responseTimeout:
            lines.append("The server accepted the connection but did not answer in time. The panel may be overloaded; try again later.")
        case .targetForbidden:
            lines.append("This address is private or local, so the agent refused to check it. Use the panel's public address.")
        }
        if hasCredentialWarnings {
            lines.append("Your credentials contain characters that are easy to paste by accident (see the warnings). Players send them as typed; retype them if the provider's credentials do not contain them.")
        }
        // Another URL that only answers (`reachable`: no login tried there) does not help when the panel itself
        // refused the account: it would send the user to a URL with the same account problem.
        for alternative in result.alternatives
        where alternative.outcome.isHealthy && !result.outcome.isHealthy
            && !(result.outcome.isAccountProblem && alternative.outcome == .reachable)
        {
            lines.append("\(alternative.url) works from here (\(alternative.outcome.rawValue)): try it in your player.")
        }
        if let account = result.account, result.outcome == .ok, let days = account.daysLeft, days <= 7 {
            lines.append("The subscription ends in \(days) day\(days == 1 ? "" : "s").")
        }
        return lines
    }

    static func stagePhrase(_ stage: Stage?) -> String {
        switch stage {
        case .connect: return "while connecting"
        case .tls: return "during the TLS handshake"
        case .http, .login: return "after the request was sent"
        case .dns, .none: return "in transit"
        }
    }
}
