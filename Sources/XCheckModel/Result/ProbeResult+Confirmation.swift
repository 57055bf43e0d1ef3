extension ProbeResult {
    /// True when the check failed without any HTTP answer: DNS, connect, TLS, or an HTTP exchange that got no
    /// answer (timeout, reset, empty or broken reply). Only such a failure needs a confirming second attempt
    /// from the same vantage before it may count as "blocked" or "down": a hiccup must not become a verdict.
    public var isNetworkLevelFailure: Bool {
        switch self.outcome {
        case .dnsNXDOMAIN, .dnsFailure, .connectionRefused, .connectionTimeout, .connectionReset,
            .networkUnreachable, .tlsFailure, .responseTimeout:
            return true
        case .httpError:
            return self.httpStatus == nil
        default:
            return false
        }
    }
}
