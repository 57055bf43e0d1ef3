/// One event sent (or being sent) to one alert: the delivery log. `last_error` never holds the destination.
public struct AlertDeliveryDocument: Sendable, Hashable, Codable {
    /// `pending` (waiting for its next attempt), `delivered` (a 2xx answer), `failed` (given up).
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, delivered, failed
    }

    public var id: Int64
    /// nil once the alert was removed.
    public var alertID: Int64?
    public var alertName: String?
    public var targetID: Int64
    public var state: State
    /// Attempts made so far.
    public var attempts: Int
    /// The HTTP status of the last attempt, nil when it got no answer.
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Int64
    public var lastAttemptAt: Int64?
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Int64?
    public var deliveredAt: Int64?
    public var event: AlertEvent

    public init(
        id: Int64, alertID: Int64?, alertName: String?, targetID: Int64, state: State, attempts: Int, lastStatus: Int?,
        lastError: String?, createdAt: Int64, lastAttemptAt: Int64?, nextAttemptAt: Int64?, deliveredAt: Int64?,
        event: AlertEvent
    ) {
        self.id = id
        self.alertID = alertID
        self.alertName = alertName
        self.targetID = targetID
        self.state = state
        self.attempts = attempts
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.createdAt = createdAt
        self.lastAttemptAt = lastAttemptAt
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.event = event
    }

    enum CodingKeys: String, CodingKey {
        case id
        case alertID = "alert_id"
        case alertName = "alert_name"
        case targetID = "target_id"
        case state, attempts
        case lastStatus = "last_status"
        case lastError = "last_error"
        case createdAt = "created_at"
        case lastAttemptAt = "last_attempt_at"
        case nextAttemptAt = "next_attempt_at"
        case deliveredAt = "delivered_at"
        case event
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.alertID, forKey: .alertID)
        try c.encode(self.alertName, forKey: .alertName)
        try c.encode(self.targetID, forKey: .targetID)
        try c.encode(self.state, forKey: .state)
        try c.encode(self.attempts, forKey: .attempts)
        try c.encode(self.lastStatus, forKey: .lastStatus)
        try c.encode(self.lastError, forKey: .lastError)
        try c.encode(self.createdAt, forKey: .createdAt)
        try c.encode(self.lastAttemptAt, forKey: .lastAttemptAt)
        try c.encode(self.nextAttemptAt, forKey: .nextAttemptAt)
        try c.encode(self.deliveredAt, forKey: .deliveredAt)
        try c.encode(self.event, forKey: .event)
    }
}
