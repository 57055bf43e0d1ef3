import XCheckModel

/// How one observation counts in the comparison.
struct VantageAssessment: Sendable {
    /// What the observation is evidence of.
    enum Standing: Sendable, Hashable {
        /// Reached the panel: the login works (`ok`) or the server answers (`reachable`).
        case reached
        /// Reached the panel, which refused the login with this outcome.
        case account(Outcome)
        /// A failure that counts: a confirmed network-level failure, or an HTTP answer that is not the panel's.
        case failed
        /// A network-level failure that no second attempt confirmed: not counted.
        case unconfirmed
        /// An answer that says nothing about blocking on the way: `rate_limited`, `cdn_challenge`,
        /// `target_forbidden`. Not counted.
        case unusable
    }

    let vantage: Vantage
    let first: ProbeResult
    let confirmation: ProbeResult?
    /// The attempt that counts: the first one, or the confirmation when it got past the network level.
    let effective: ProbeResult
    var standing: Standing
    let attempts: Int
    let confirmed: Bool?
    var blocking: BlockingType?
    var notes: [String]

    var isLocal: Bool { self.vantage.kind == .local }
    var network: String { self.vantage.network }
    var addresses: Set<String> { self.effective.addressSet }
    var layer: FailureLayer { FailureLayer(of: self.effective) }

    /// Counted in the comparison.
    var isUsable: Bool {
        switch self.standing {
        case .reached, .account, .failed: return true
        case .unconfirmed, .unusable: return false
        }
    }

    /// Got an Xtream answer from the panel (a working login, a refused one, or a credential-less answer).
    var reachedPanel: Bool {
        switch self.standing {
        case .reached, .account: return true
        default: return false
        }
    }

    /// A counted failure that other networks got past.
    var isBlocked: Bool { self.standing == .failed && self.blocking != nil }

    /// A counted failure that no other network got past.
    var isSharedFailure: Bool { self.standing == .failed && self.blocking == nil }

    /// Whether this vantage got past `layer`: it reached the panel, or failed at a later layer.
    func passes(_ layer: FailureLayer) -> Bool {
        switch self.standing {
        case .reached, .account: return true
        case .failed: return self.layer > layer
        case .unconfirmed, .unusable: return false
        }
    }

    /// The login answer of a vantage that reached the panel with credentials (`ok` or an account outcome).
    var loginAnswer: Outcome? {
        guard self.reachedPanel else { return nil }
        let outcome = self.effective.outcome
        return outcome == .ok || outcome.isAccountProblem ? outcome : nil
    }
}
