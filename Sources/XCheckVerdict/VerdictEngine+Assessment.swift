import XCheckModel

extension VerdictEngine {
    /// Applies the false-positive control: a network-level failure counts only when a second attempt from the
    /// same vantage failed at the network level too.
    static func assess(_ observation: VantageObservation) -> VantageAssessment {
        let first = observation.result
        let second = observation.confirmation
        var effective = first
        var standing: VantageAssessment.Standing
        var confirmed: Bool?
        var notes: [String] = []

        if first.isNetworkLevelFailure {
            if let second {
                if second.isNetworkLevelFailure {
                    confirmed = true
                    standing = .failed
                    if second.outcome != first.outcome {
                        notes.append("Failed twice: \(first.outcomeDescription), then \(second.outcomeDescription).")
                    }
                } else {
                    confirmed = false
                    effective = second
                    standing = Self.standing(ofAnswer: second)
                    notes.append(
                        "The first attempt failed (\(first.outcomeDescription)) but a second attempt a few seconds later got through (\(second.outcome.rawValue)): a passing hiccup, not counted as a failure."
                    )
                }
            } else {
                standing = .unconfirmed
                notes.append(
                    "Failed once (\(first.outcomeDescription)) and no second attempt was made to confirm it: not counted."
                )
            }
        } else {
            standing = Self.standing(ofAnswer: first)
        }

        if standing == .unusable, let note = Self.unusableNote(effective.outcome) {
            notes.append(note)
        }
        return VantageAssessment(
            vantage: observation.vantage,
            first: first,
            confirmation: second,
            effective: effective,
            standing: standing,
            attempts: second == nil ? 1 : 2,
            confirmed: confirmed,
            blocking: nil,
            notes: notes
        )
    }

    /// The standing of a result that is not a network-level failure (or of a confirmation that got through).
    static func standing(ofAnswer result: ProbeResult) -> VantageAssessment.Standing {
        if result.outcome.isHealthy { return .reached }
        if result.outcome.isAccountProblem { return .account(result.outcome) }
        switch result.outcome {
        case .rateLimited, .cdnChallenge, .targetForbidden: return .unusable
        default: return .failed
        }
    }

    static func unusableNote(_ outcome: Outcome) -> String? {
        switch outcome {
        case .rateLimited:
            return "The panel limits or blocks this address (rate_limited): that is the panel's own policy, not a block on the way, so this answer is not counted."
        case .cdnChallenge:
            return "The CDN in front of the panel answered with a bot challenge (cdn_challenge): it says nothing about blocking on the way, so this answer is not counted."
        case .targetForbidden:
            return "The checker refused to contact the address the name resolved to (target_forbidden): not counted."
        default:
            return nil
        }
    }
}
