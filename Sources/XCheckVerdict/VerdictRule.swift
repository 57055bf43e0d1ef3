/// The rule that decided a verdict (`rule` in the JSON): one section of docs/verdicts.md each.
public enum VerdictRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fewer than two distinct networks gave a usable answer.
    case tooFewNetworks = "too_few_networks"
    /// The panel answered the login the same way everywhere it was reached, and refused it.
    case accountRefused = "account_refused"
    /// The panel answered the login differently from different networks.
    case accountDisagreement = "account_disagreement"
    /// The user's network reaches the panel.
    case worksFromYourNetwork = "works_from_your_network"
    /// The user's network fails where other networks get through.
    case yourNetworkBlocked = "your_network_blocked"
    /// The user's network gave no usable answer (rate limited, challenged, refused to check).
    case yourNetworkUnusable = "your_network_unusable"
    /// The user's network failed once at the network level and no second attempt confirmed it.
    case yourNetworkUnconfirmed = "your_network_unconfirmed"
    /// Without a usable local vantage: every region with a majority reaches the panel.
    case worksFromAgents = "works_from_agents"
    /// Without a usable local vantage: some regions are blocked, others reach the panel.
    case regionalBlocking = "regional_blocking"
    /// Nobody reaches the panel and every network fails at the same layer.
    case sharedFailure = "shared_failure"
    /// The answers disagree in a way no rule explains.
    case contradictory
}
