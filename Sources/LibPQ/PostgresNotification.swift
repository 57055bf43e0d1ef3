/// A notification received on a LISTENed channel (`NOTIFY channel, 'payload'` or `pg_notify`).
public struct PostgresNotification: Sendable, Hashable {
    /// The channel it was sent on.
    public var channel: String
    /// The payload; empty when none was given.
    public var payload: String
    /// The sending session's server process ID.
    public var processID: Int32

    /// Creates a notification.
    public init(channel: String, payload: String, processID: Int32 = 0) {
        self.channel = channel
        self.payload = payload
        self.processID = processID
    }
}
