import FoundationEssentials
public import LibPQ
import XCheckProtocol
import XCheckVerdict

/// Alerts, the change detector's state per target, and the delivery log.
public struct AlertStore: Sendable {
    let pool: PostgresConnectionPool
    let cipher: CredentialCipher

    public init(pool: PostgresConnectionPool, cipher: CredentialCipher) {
        self.pool = pool
        self.cipher = cipher
    }

    static let columns = """
        id, name, kind, target_id, destination_hint, secret_sealed IS NOT NULL, extract(epoch from created_at)::bigint
        """

    /// Stores an alert with its destination (and signing secret) sealed.
    func add(
        name: String, kind: AlertKind, targetID: Int64?, destination: String, hint: String, chatID: String?, signingSecret: String?
    ) async throws -> AlertDocument {
        let sealed = try self.cipher.seal(destination)
        let secret = try signingSecret.map { try self.cipher.seal($0) }
        let rows = try await self.pool.query(
            """
            INSERT INTO alerts (name, kind, target_id, destination_sealed, destination_hint, chat_id, secret_sealed)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING \(Self.columns)
            """,
            [name, kind.rawValue, targetID, sealed, hint, chatID, secret])
        var document = try Self.document(rows[0])
        document.signingSecret = signingSecret
        return document
    }

    func list() async throws -> [AlertDocument] {
        try await self.pool.query("SELECT \(Self.columns) FROM alerts ORDER BY id").map(Self.document)
    }

    /// Removes an alert; its pending deliveries fail ("the alert was removed"), its log stays.
    func delete(id: Int64) async throws -> Bool {
        try await self.pool.withTransaction { connection in
            try connection.execute(
                """
                UPDATE alert_deliveries SET state = 'failed', last_error = 'the alert was removed'
                WHERE alert_id = $1 AND state = 'pending'
                """,
                [id])
            return try connection.execute("DELETE FROM alerts WHERE id = $1", [id]) > 0
        }
    }

    static func document(_ row: PostgresRow) throws -> AlertDocument {
        AlertDocument(
            id: try row.decode(Int64.self, at: 0), name: try row.decode(String.self, at: 1),
            kind: AlertKind(rawValue: try row.decode(String.self, at: 2)) ?? .webhook,
            targetID: try row.decode(Int64?.self, at: 3), destination: try row.decode(String.self, at: 4),
            signed: try row.decode(Bool.self, at: 5), createdAt: try row.decode(Int64.self, at: 6))
    }

    // MARK: - Evaluation

    /// A target some alert watches.
    struct WatchedTarget: Sendable {
        var id: Int64
        var name: String
        var url: String
        var intervalSeconds: Int
    }

    /// Targets watched by at least one alert (its own, or one for every target), optionally only `ids`.
    func watchedTargets(only ids: [Int64]? = nil) async throws -> [WatchedTarget] {
        try await self.pool.query(
            """
            SELECT t.id, t.name, t.url, t.interval_seconds FROM targets t
            WHERE EXISTS (SELECT 1 FROM alerts a WHERE a.target_id = t.id OR a.target_id IS NULL)
              AND ($1::bigint[] IS NULL OR t.id = ANY($1::bigint[]))
            ORDER BY t.id
            """,
            [ids.map { PostgresArray.literal($0.map(String.init)) }]
        ).map {
            WatchedTarget(
                id: try $0.decode(Int64.self, at: 0), name: try $0.decode(String.self, at: 1), url: try $0.decode(String.self, at: 2),
                intervalSeconds: try $0.decode(Int.self, at: 3))
        }
    }

    /// The database's clock, epoch seconds: every replica's observations use the same clock.
    func now() async throws -> Double {
        try await self.pool.query("SELECT extract(epoch from clock_timestamp())::float8")[0].decode(Double.self, at: 0)
    }

    /// Feeds one observation to the target's tracker under a row lock, and on an alert queues one delivery per
    /// alert watching the target, in the same transaction (then `NOTIFY xcheck_alert_deliveries`). Returns nil
    /// when another replica holds the target's row (it is evaluating it now).
    func observe(
        target: WatchedTarget, verdict: Verdict, evidence: [String], at time: Double, settings: AlertTracker.Settings
    ) async throws -> AlertTracker.Decision? {
        let observed = VerdictSnapshot(verdict)
        let evidenceKey = evidence.joined(separator: ",")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let initial = String(decoding: try encoder.encode(AlertTracker()), as: UTF8.self)
        return try await self.pool.withTransaction { connection -> AlertTracker.Decision? in
            try connection.execute(
                "INSERT INTO target_alert_state (target_id, tracker) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING",
                [target.id, initial])
            guard let row = try connection.query(
                "SELECT tracker::text FROM target_alert_state WHERE target_id = $1 FOR UPDATE SKIP LOCKED", [target.id]
            ).first else { return nil }
            var tracker = try JSONDecoder().decode(AlertTracker.self, from: Data(try row.decode(String.self, at: 0).utf8))
            let decision = tracker.observe(observed, evidence: evidenceKey, at: time, settings: settings)
            try connection.execute(
                "UPDATE target_alert_state SET tracker = $2::jsonb, evaluated_at = now() WHERE target_id = $1",
                [target.id, String(decoding: try encoder.encode(tracker), as: UTF8.self)])
            guard case .alert(let before, let after) = decision else { return decision }
            let event = AlertEvent(
                eventID: UUID().uuidString.lowercased(), occurredAt: Int64(time),
                target: AlertEvent.Target(id: target.id, name: target.name, url: target.url),
                before: before, after: after, rule: verdict.rule, reason: verdict.reason, summary: verdict.summary)
            let queued = try connection.execute(
                """
                INSERT INTO alert_deliveries (alert_id, alert_name, target_id, event_id, event)
                SELECT a.id, a.name, $1, $2::uuid, $3::jsonb FROM alerts a WHERE a.target_id = $1 OR a.target_id IS NULL
                """,
                [target.id, event.eventID, String(decoding: try encoder.encode(event), as: UTF8.self)])
            if queued > 0 { try connection.notify(channel: Channels.alertDeliveries, payload: String(target.id)) }
            return decision
        }
    }

    // MARK: - Delivery

    /// A delivery taken by a worker: the event and the alert's destination, still sealed.
    struct ClaimedDelivery: Sendable {
        var id: Int64
        var attempts: Int
        var event: AlertEvent
        var eventJSON: String
        var kind: AlertKind
        var destinationSealed: [UInt8]
        var chatID: String?
        var secretSealed: [UInt8]?
    }

    /// Takes due pending deliveries (`FOR UPDATE SKIP LOCKED`: replicas share them), counts the attempt and
    /// moves their next attempt `leaseSeconds` ahead, so that a worker that dies mid-attempt leaves them to be
    /// tried again.
    func claimDue(limit: Int, leaseSeconds: Int) async throws -> [ClaimedDelivery] {
        let rows = try await self.pool.query(
            """
            UPDATE alert_deliveries d
            SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => $2)
            FROM alerts a
            WHERE a.id = d.alert_id AND d.id IN (
                SELECT id FROM alert_deliveries
                WHERE state = 'pending' AND next_attempt_at <= now() AND alert_id IS NOT NULL
                ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING d.id, d.attempts, d.event::text, a.kind, a.destination_sealed, a.chat_id, a.secret_sealed
            """,
            [limit, leaseSeconds])
        return try rows.map { row in
            let json = try row.decode(String.self, at: 2)
            return ClaimedDelivery(
                id: try row.decode(Int64.self, at: 0), attempts: try row.decode(Int.self, at: 1),
                event: try JSONDecoder().decode(AlertEvent.self, from: Data(json.utf8)), eventJSON: json,
                kind: AlertKind(rawValue: try row.decode(String.self, at: 3)) ?? .webhook,
                destinationSealed: try row.decode([UInt8].self, at: 4), chatID: try row.decode(String?.self, at: 5),
                secretSealed: try row.decode([UInt8]?.self, at: 6))
        }
    }

    /// What to record after an attempt.
    enum AttemptResult: Sendable, Hashable {
        case delivered
        case retry(error: String, after: Duration)
        case failed(error: String)
    }

    /// Records an attempt's result: delivered, failed, or pending again after a delay.
    func record(id: Int64, status: Int?, result: AttemptResult) async throws {
        switch result {
        case .delivered:
            try await self.pool.execute(
                """
                UPDATE alert_deliveries SET state = 'delivered', delivered_at = now(), last_status = $2, last_error = NULL
                WHERE id = $1
                """,
                [id, status])
        case .retry(let error, let after):
            let seconds = Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18
            try await self.pool.execute(
                """
                UPDATE alert_deliveries SET next_attempt_at = now() + make_interval(secs => $3::float8), last_status = $2,
                       last_error = $4
                WHERE id = $1
                """,
                [id, status, String(seconds), error])
        case .failed(let error):
            try await self.pool.execute(
                "UPDATE alert_deliveries SET state = 'failed', last_status = $2, last_error = $3 WHERE id = $1",
                [id, status, error])
        }
    }

    /// The delivery log of a target, newest first.
    func deliveries(targetID: Int64, limit: Int) async throws -> [AlertDeliveryDocument] {
        try await self.pool.query(
            """
            SELECT id, alert_id, alert_name, target_id, state, attempts, last_status, last_error,
                   extract(epoch from created_at)::bigint, extract(epoch from last_attempt_at)::bigint,
                   CASE WHEN state = 'pending' THEN extract(epoch from next_attempt_at)::bigint END,
                   extract(epoch from delivered_at)::bigint, event::text
            FROM alert_deliveries WHERE target_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2
            """,
            [targetID, limit]
        ).map { row in
            AlertDeliveryDocument(
                id: try row.decode(Int64.self, at: 0), alertID: try row.decode(Int64?.self, at: 1),
                alertName: try row.decode(String?.self, at: 2), targetID: try row.decode(Int64.self, at: 3),
                state: AlertDeliveryDocument.State(rawValue: try row.decode(String.self, at: 4)) ?? .pending,
                attempts: try row.decode(Int.self, at: 5), lastStatus: try row.decode(Int?.self, at: 6),
                lastError: try row.decode(String?.self, at: 7), createdAt: try row.decode(Int64.self, at: 8),
                lastAttemptAt: try row.decode(Int64?.self, at: 9), nextAttemptAt: try row.decode(Int64?.self, at: 10),
                deliveredAt: try row.decode(Int64?.self, at: 11),
                event: try JSONDecoder().decode(AlertEvent.self, from: Data(try row.decode(String.self, at: 12).utf8)))
        }
    }
}
