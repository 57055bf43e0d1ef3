/// The overall answer for one target, as a stable snake_case code (`verdict` in the JSON).
public enum OverallVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// The panel answers and the login works (from the user's network when it was checked).
    case up
    /// No network gets past the same stage: the server (or its name, port, CDN origin) is down.
    case downForEveryone = "down_for_everyone"
    /// The user's own network fails where other networks get through.
    case blockedForYou = "blocked_for_you"
    /// Some regions are blocked while others get through (no local vantage decided it).
    case blockedInSomeRegions = "blocked_in_some_regions"
    /// The panel answers but refuses the login (`reason` says how).
    case accountProblem = "account_problem"
    /// Too little evidence, or evidence that fits no rule: xcheck does not guess.
    case inconclusive
}
