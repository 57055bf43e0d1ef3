/// The agent's version, sent in heartbeats and the User-Agent.
public enum AgentVersion {
    /// The version of this build.
    public static let current = "0.1.0"
}
