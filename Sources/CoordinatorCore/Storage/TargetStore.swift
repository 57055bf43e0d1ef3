import XCheckProtocol
import FoundationEssentials
public import LibPQ
import XCheckModel

/// Monitored targets and their history.
public struct TargetStore: Sendable {
    let pool: PostgresConnectionPool
    let cipher: CredentialCipher

    public init(pool: PostgresConnectionPool, cipher: CredentialCipher) {
        self.pool = pool
        self.cipher = cipher
    }

    static let columns = """
        id, name, url, username, password_sealed IS NOT NULL, interval_seconds, is_public, regions::text,
        extract(epoch from created_at)::bigint, extract(epoch from next_run_at)::bigint
        """

    /// Adds a target; its first run is spread over one interval so targets added together do not run together.
    func add(name: String, url: String, username: String?, password: String?, intervalSeconds: Int, isPublic: Bool, regions: [String]?) async throws -> TargetDocument {
        let sealed = try password.map { try self.cipher.seal($0) }
        let rows = try await self.pool.query(
            """
            INSERT INTO targets (name, url, username, password_sealed, interval_seconds, is_public, regions, next_run_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text[], now() + random() * make_interval(secs => $5::integer))
            RETURNING \(Self.columns)
            """,
            [name, url, username, sealed, intervalSeconds, isPublic, regions.map { PostgresArray.literal($0) }])
        return try Self.document(rows[0])
    }

    func list() async throws -> [TargetDocument] {
        try await self.pool.query("SELECT \(Self.columns) FROM targets ORDER BY id").map(Self.document)
    }

    func get(id: Int64) async throws -> TargetDocument? {
        try await self.pool.query("SELECT \(Self.columns) FROM targets WHERE id = $1", [id]).first.map(Self.document)
    }

    func delete(id: Int64) async throws -> Bool {
        try await self.pool.execute("DELETE FROM targets WHERE id = $1", [id]) > 0
    }

    /// Results of a target from `since` (epoch seconds), oldest first, after the cursor, at most `limit`.
    func history(id: Int64, since: Int64, after: String?, limit: Int) async throws -> String {
        var cursorTime: Double = -1
        var cursorID = "00000000-0000-0000-0000-000000000000"
        if let after {
            let parts = after.split(separator: "/")
            guard parts.count == 2, let time = Double(parts[0]), UUID(uuidString: String(parts[1])) != nil else {
                throw APIFailure.badRequest("'after' is not a cursor from a previous page's 'next'")
            }
            cursorTime = time
            cursorID = String(parts[1])
        }
        let rows = try await self.pool.query(Self.historyStatement, [id, Double(since), cursorTime, cursorID, limit + 1])
        // The page is assembled from entries PostgreSQL wrote as JSON (stored documents pass through as they
        // are): the coordinator neither decodes nor re-encodes them. Same shape as `HistoryPage`.
        var entries: [String] = []
        entries.reserveCapacity(min(rows.count, limit))
        var last: (Double, String)?
        for row in rows.prefix(limit) {
            entries.append(try row.decode(String.self, at: 2))
            last = (try row.decode(Double.self, at: 1), try row.decode(String.self, at: 0))
        }
        let next = rows.count > limit ? last.map { "\"\($0.0)/\($0.1)\"" } ?? "null" : "null"
        return "{\"next\":\(next),\"results\":[" + entries.joined(separator: ",") + "]}"
    }

    static let historyStatement = PostgresStatement(
        name: "target_history",
        sql: """
            SELECT r.result_id::text, extract(epoch from r.started_at)::float8,
                   json_build_object(
                       'agent', json_build_object('name', a.name, 'network', a.network, 'region', a.region),
                       'confirmation', r.confirmation, 'result', r.document, 'result_id', r.result_id,
                       'started_at', extract(epoch from r.started_at)::bigint)::text
            FROM results r JOIN agents a ON a.id = r.agent_id
            WHERE r.target_id = $1 AND r.started_at >= to_timestamp($2)
              AND (r.started_at, r.result_id) > (to_timestamp($3), $4::uuid)
            ORDER BY r.started_at, r.result_id
            LIMIT $5
            """)

    /// The latest result of each agent for a target within the window (the verdict's input).
    func latestPerAgent(id: Int64, withinSeconds: Int) async throws -> [HistoryPage.Entry] {
        try await self.pool.query(
            """
            SELECT DISTINCT ON (r.agent_id) r.result_id::text, extract(epoch from r.started_at)::float8,
                   r.document::text, r.confirmation::text, a.name, a.region, a.network
            FROM results r JOIN agents a ON a.id = r.agent_id
            WHERE r.target_id = $1 AND r.started_at > now() - make_interval(secs => $2)
            ORDER BY r.agent_id, r.started_at DESC
            """,
            [id, withinSeconds]
        ).map { row in
            HistoryPage.Entry(
                resultID: try row.decode(String.self, at: 0),
                agent: CheckDocument.AgentRef(
                    name: try row.decode(String.self, at: 4), region: try row.decode(String.self, at: 5),
                    network: try row.decode(String.self, at: 6)),
                startedAt: Int64(try row.decode(Double.self, at: 1)),
                result: try ResultJSON.decode(try row.decode(String.self, at: 2)),
                confirmation: try row.decode(String?.self, at: 3).map(ResultJSON.decode))
        }
    }

    /// Live agents (in the target's regions) with no result for the target within the window: the verdict's
    /// missing vantages.
    func agentsWithoutResult(id: Int64, withinSeconds: Int, offlineAfterSeconds: Int) async throws -> [CheckDocument.AgentRef] {
        try await self.pool.query(
            """
            SELECT a.name, a.region, a.network FROM agents a JOIN targets t ON t.id = $1
            WHERE a.revoked_at IS NULL AND a.last_seen_at > now() - make_interval(secs => $3)
              AND (t.regions IS NULL OR a.region = ANY(t.regions))
              AND NOT EXISTS (SELECT 1 FROM results r WHERE r.target_id = $1 AND r.agent_id = a.id
                              AND r.started_at > now() - make_interval(secs => $2))
            ORDER BY a.region, a.name
            """,
            [id, withinSeconds, offlineAfterSeconds]
        ).map {
            CheckDocument.AgentRef(name: try $0.decode(String.self, at: 0), region: try $0.decode(String.self, at: 1), network: try $0.decode(String.self, at: 2))
        }
    }

    /// Creates jobs for every due target (for every live agent in its regions) and moves its next run one
    /// interval ahead with ±10 % jitter. `SKIP LOCKED` lets replicas share the work. Returns the agents to wake.
    func scheduleDue(limit: Int, offlineAfterSeconds: Int) async throws -> [Int64] {
        try await self.pool.withTransaction { connection in
            let due = try connection.query(
                """
                SELECT id, interval_seconds FROM targets WHERE next_run_at <= now()
                ORDER BY next_run_at LIMIT $1 FOR UPDATE SKIP LOCKED
                """,
                [limit])
            var agents = Set<Int64>()
            for row in due {
                let id = try row.decode(Int64.self, at: 0)
                let interval = try row.decode(Int.self, at: 1)
                agents.formUnion(try Self.run(id: id, interval: interval, offlineAfterSeconds: offlineAfterSeconds, on: connection))
            }
            for agent in agents { try connection.notify(channel: Channels.jobs, payload: String(agent)) }
            return Array(agents)
        }
    }

    /// What ``runNow(id:minimumSpacingSeconds:offlineAfterSeconds:)`` did.
    enum RunNow: Sendable, Equatable {
        case notFound
        /// The target's last run was `secondsAgo` seconds ago, closer than the spacing allows.
        case tooSoon(secondsAgo: Int)
        /// Jobs were created for this many agents.
        case started(agents: Int)
    }

    /// Runs a target now (an operator's "check again"), as the scheduler would, and moves its next run one
    /// interval from now. Refused when its last run is closer than `minimumSpacingSeconds`: panels ban
    /// addresses that log in too often.
    func runNow(id: Int64, minimumSpacingSeconds: Int, offlineAfterSeconds: Int) async throws -> RunNow {
        try await self.pool.withTransaction { connection in
            guard let target = try connection.query("SELECT interval_seconds FROM targets WHERE id = $1 FOR UPDATE", [id]).first else {
                return .notFound
            }
            let interval = try target.decode(Int.self, at: 0)
            let ago = try connection.query(
                "SELECT floor(extract(epoch from now() - max(created_at)))::bigint FROM jobs WHERE target_id = $1", [id]
            ).first?.decode(Int64?.self, at: 0)
            if let ago, ago < minimumSpacingSeconds { return .tooSoon(secondsAgo: Int(max(0, ago))) }
            let agents = try Self.run(id: id, interval: interval, offlineAfterSeconds: offlineAfterSeconds, on: connection)
            for agent in agents { try connection.notify(channel: Channels.jobs, payload: String(agent)) }
            return .started(agents: agents.count)
        }
    }

    /// One run of a target inside a transaction: a job for every live agent in its regions, and the next run
    /// one interval ahead with ±10 % jitter. Returns the agents that got a job.
    private static func run(id: Int64, interval: Int, offlineAfterSeconds: Int, on connection: PostgresConnection) throws -> Set<Int64> {
        let woken = try connection.query(
            """
            INSERT INTO jobs (id, agent_id, target_id, kind, deadline_at)
            SELECT gen_random_uuid(), a.id, t.id,
                   CASE WHEN t.username IS NULL OR t.password_sealed IS NULL THEN 'reachability' ELSE 'login' END,
                   now() + make_interval(secs => least($2, 300))
            FROM targets t JOIN agents a ON a.revoked_at IS NULL
                 AND a.last_seen_at > now() - make_interval(secs => $3)
                 AND (t.regions IS NULL OR a.region = ANY(t.regions))
            WHERE t.id = $1
            RETURNING agent_id
            """,
            [id, interval, offlineAfterSeconds])
        try connection.execute(
            "UPDATE targets SET next_run_at = now() + make_interval(secs => $2 * (0.9 + 0.2 * random())) WHERE id = $1",
            [id, interval])
        return Set(try woken.map { try $0.decode(Int64.self, at: 0) })
    }

    static func document(_ row: PostgresRow) throws -> TargetDocument {
        TargetDocument(
            id: try row.decode(Int64.self, at: 0),
            name: try row.decode(String.self, at: 1),
            url: try row.decode(String.self, at: 2),
            username: try row.decode(String?.self, at: 3),
            hasPassword: try row.decode(Bool.self, at: 4),
            intervalSeconds: try row.decode(Int.self, at: 5),
            isPublic: try row.decode(Bool.self, at: 6),
            regions: try row.decode(String?.self, at: 7).map(Self.parseArray),
            createdAt: try row.decode(Int64.self, at: 8),
            nextRunAt: try row.decode(Int64.self, at: 9))
    }

    /// Parses a text[] literal of simple values (region names: no quotes or commas inside).
    static func parseArray(_ text: String) -> [String] {
        let inner = text.dropFirst().dropLast()
        guard !inner.isEmpty else { return [] }
        return inner.split(separator: ",").map { $0.trimmingPrefix("\"").description }.map {
            $0.hasSuffix("\"") ? String($0.dropLast()) : $0
        }
    }
}
