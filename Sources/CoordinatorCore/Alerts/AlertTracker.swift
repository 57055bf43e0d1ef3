public import XCheckProtocol
import XCheckVerdict

/// Decides when a monitored target's verdict has changed enough to alert: pure logic, no I/O, no clock (the
/// caller passes the time). Its state is stored per target (`target_alert_state.tracker`, JSON) so restarts
/// and replicas continue where the last evaluation left off. The rules (docs/alerts.md):
///
/// 1. **Inconclusive is no evidence.** An observation whose overall verdict is `inconclusive` (agents offline,
///    too few networks, contradictory answers) is ignored: it neither confirms nor cancels a change. A region
///    that is `inconclusive` keeps the verdict it had in the last alerted state.
/// 2. **Confirmation.** A state that differs from the last alerted one becomes a *candidate*. It is confirmed
///    once it was seen in `confirmations` consecutive observations with new evidence (a different set of
///    latest results) and at least `confirmationTime` passed since it was first seen. Seeing the alerted
///    state again cancels the candidate; seeing a third state replaces it.
/// 3. **Baseline.** The first confirmed state is the baseline, set without an alert.
/// 4. **Quiet period.** After an alert, further confirmed changes are held for `quietPeriod`; the state
///    confirmed when it ends is alerted then, unless it is the alerted state again (a flap: no alert).
/// 5. **New regions.** A region first seen `up` joins the alerted state silently; first seen with any
///    other verdict it is a change.
/// 6. Observations not newer than the last one are ignored (a slower replica's older evaluation).
public struct AlertTracker: Sendable, Hashable, Codable {
    /// The tunables (the coordinator's configuration).
    public struct Settings: Sendable, Hashable {
        /// Consecutive observations with new evidence needed to confirm a change (at least 1).
        public var confirmations: Int
        /// Seconds from the first sighting of a change to its confirmation, at least.
        public var confirmationTime: Double
        /// Seconds after an alert during which further changes are held.
        public var quietPeriod: Double

        public init(confirmations: Int = 2, confirmationTime: Double = 60, quietPeriod: Double = 600) {
            self.confirmations = max(1, confirmations)
            self.confirmationTime = max(0, confirmationTime)
            self.quietPeriod = max(0, quietPeriod)
        }
    }

    /// A state seen but not confirmed yet.
    public struct Candidate: Sendable, Hashable, Codable {
        public var snapshot: VerdictSnapshot
        public var firstSeen: Double
        public var count: Int
    }

    /// What one observation led to.
    public enum Decision: Sendable, Hashable {
        /// Stale or inconclusive: nothing changed.
        case ignored
        /// The state is the alerted one.
        case steady
        /// A change is waiting for confirmation.
        case pending
        /// A confirmed change waits for the quiet period to end.
        case held
        /// The first confirmed state became the baseline (no alert).
        case baseline(VerdictSnapshot)
        /// Alert: the state changed from `before` to `after`.
        case alert(before: VerdictSnapshot, after: VerdictSnapshot)
    }

    /// The last alerted state (or the baseline); nil until the first state is confirmed.
    public private(set) var alerted: VerdictSnapshot?
    public private(set) var candidate: Candidate?
    /// Changes are held until this time.
    public private(set) var quietUntil: Double?
    public private(set) var lastObservedAt: Double?
    /// The evidence of the last counted observation.
    public private(set) var lastEvidence: String?

    public init() {}

    /// Feeds one evaluation of the target.
    /// - Parameters:
    ///   - observed: the verdict snapshot now.
    ///   - evidence: identifies the results behind it (the same results give the same evidence).
    ///   - time: the evaluation time, seconds (any epoch, the same for every call).
    public mutating func observe(_ observed: VerdictSnapshot, evidence: String, at time: Double, settings: Settings) -> Decision {
        if let last = self.lastObservedAt, time <= last { return .ignored }
        self.lastObservedAt = time
        guard observed.verdict != .inconclusive else { return .ignored }
        let current = self.merged(observed)
        let isNewEvidence = evidence != self.lastEvidence
        self.lastEvidence = evidence

        if let alerted = self.alerted, !Self.differs(current, from: alerted) {
            self.candidate = nil
            self.alerted = Self.addingNewRegions(of: current, to: alerted)
            return .steady
        }
        if var candidate = self.candidate, candidate.snapshot == current {
            if isNewEvidence { candidate.count += 1 }
            self.candidate = candidate
        } else {
            self.candidate = Candidate(snapshot: current, firstSeen: time, count: 1)
        }
        guard let candidate = self.candidate,
            candidate.count >= settings.confirmations, time - candidate.firstSeen >= settings.confirmationTime
        else { return .pending }
        guard let before = self.alerted else {
            self.alerted = current
            self.candidate = nil
            return .baseline(current)
        }
        if let quietUntil = self.quietUntil, time < quietUntil { return .held }
        self.alerted = current
        self.candidate = nil
        self.quietUntil = time + settings.quietPeriod
        return .alert(before: before, after: current)
    }

    /// `observed` with each inconclusive region replaced by its alerted verdict (or left out when it has none).
    func merged(_ observed: VerdictSnapshot) -> VerdictSnapshot {
        let regions = observed.regions.compactMap { region -> VerdictSnapshot.Region? in
            guard region.verdict == .inconclusive else { return region }
            return self.alerted?[region.region].map { VerdictSnapshot.Region(region: region.region, verdict: $0) }
        }
        return VerdictSnapshot(verdict: observed.verdict, regions: regions)
    }

    /// True when the overall verdict differs, or a region's: a region missing from `current` is no change
    /// (no evidence), one missing from `alerted` is a change unless it is `up`.
    static func differs(_ current: VerdictSnapshot, from alerted: VerdictSnapshot) -> Bool {
        if current.verdict != alerted.verdict { return true }
        for region in current.regions {
            if let old = alerted[region.region] {
                if old != region.verdict { return true }
            } else if region.verdict != .up {
                return true
            }
        }
        return false
    }

    static func addingNewRegions(of current: VerdictSnapshot, to alerted: VerdictSnapshot) -> VerdictSnapshot {
        let new = current.regions.filter { alerted[$0.region] == nil }
        guard !new.isEmpty else { return alerted }
        return VerdictSnapshot(verdict: alerted.verdict, regions: alerted.regions + new)
    }
}
