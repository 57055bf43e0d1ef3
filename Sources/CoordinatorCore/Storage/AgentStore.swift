public import LibPQ
public import XCheckProtocol

/// Enrolled agents: enrolment, tokens, heartbeats, liveness.
public struct AgentStore: Sendable {
    let pool: PostgresConnectionPool
    let offlineAfterSeconds: Int

    public init(pool: PostgresConnectionPool, offlineAfterSeconds: Int = 90) {
        self.pool = pool
        self.offlineAfterSeconds = offlineAfterSeconds
    }

    static let columns = """
        id, name, region, network, extract(epoch from created_at)::bigint, extract(epoch from revoked_at)::bigint,
        extract(epoch from last_seen_at)::bigint, last_address, version, in_flight, max_concurrency, spool_depth,
        spool_dropped, (revoked_at IS NULL AND last_seen_at > now() - make_interval(secs => $1))
        """

    /// Enrols an agent and returns its token (shown once; only a hash is stored).
    public func add(name: String, region: String, network: String) async throws -> IssuedToken {
        let token = IssuedToken.generate(.agent)
        try await self.pool.execute(
            "INSERT INTO agents (name, region, network, token_id, token_hash) VALUES ($1, $2, $3, $4, $5)",
            [name, region, network, token.id, token.secretHash]
        )
        return token
    }

    /// Every agent, by name.
    public func list() async throws -> [AgentRecord] {
        try await self.pool.query("SELECT \(Self.columns) FROM agents ORDER BY name", [self.offlineAfterSeconds]).map(Self.record)
    }

    /// Revokes an agent's token; returns false when no such agent.
    public func revoke(name: String) async throws -> Bool {
        try await self.pool.execute("UPDATE agents SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL", [name]) > 0
    }

    /// The agent a presented token belongs to (nil: unknown, revoked, or the secret does not match).
    public func authenticate(_ token: IssuedToken) async throws -> AgentRecord? {
        guard token.kind == .agent else { return nil }
        let rows = try await self.pool.query(
            "SELECT \(Self.columns), token_hash FROM agents WHERE token_id = $2 AND revoked_at IS NULL",
            [self.offlineAfterSeconds, token.id]
        )
        guard let row = rows.first, token.matches(storedHash: try row.decode([UInt8].self, at: 14)) else { return nil }
        return try Self.record(row)
    }

    /// Records a heartbeat: last seen, version, load, observed address.
    public func heartbeat(agentID: Int64, _ beat: AgentHeartbeat, address: String?) async throws {
        try await self.pool.execute(
            """
            UPDATE agents SET last_seen_at = now(), version = $2, in_flight = $3, max_concurrency = $4,
                spool_depth = $5, spool_dropped = $6, last_address = $7 WHERE id = $1
            """,
            [agentID, beat.version, beat.inFlight, beat.maxConcurrency, beat.spoolDepth, beat.spoolDropped, address]
        )
    }

    /// Marks an agent seen (every poll and result batch counts as a sign of life).
    /// Starts a job poll: a sign of life that also takes the agent's next poll generation (which supersedes
    /// any poll still held for this agent, on any replica). A poll from a new agent session (a restarted
    /// agent) also puts the jobs the agent claimed and never answered back to pending: a poll held for the
    /// previous process may have claimed them after it was gone. Returns the generation and how many jobs
    /// were put back.
    public func beginPoll(
        agentID: Int64, address: String?, session: String?, spooledJobs: [String] = []
    ) async throws -> (generation: Int64, requeued: Int) {
        try await self.pool.withTransaction { connection in
            let row = try connection.query(
                """
                WITH previous AS (SELECT id, poll_session FROM agents WHERE id = $1 FOR UPDATE)
                UPDATE agents a SET poll_generation = a.poll_generation + 1, last_seen_at = now(),
                                    last_address = coalesce($2, a.last_address),
                                    poll_session = coalesce($3, a.poll_session)
                FROM previous p WHERE a.id = p.id
                RETURNING a.poll_generation, ($3::text IS NOT NULL AND p.poll_session IS DISTINCT FROM $3)
                """,
                [agentID, address, session]
            ).first
            let generation = try row?.decode(Int64.self, at: 0) ?? 0
            guard try row?.decode(Bool.self, at: 1) == true else { return (generation, 0) }
            let requeued = try connection.query(
                """
                UPDATE jobs SET state = 'pending', claimed_at = NULL
                WHERE agent_id = $1 AND state = 'claimed' AND deadline_at > now() AND id <> ALL($2::uuid[])
                RETURNING id
                """,
                [agentID, PostgresArray.literal(spooledJobs)]
            ).count
            return (generation, requeued)
        }
    }

    /// Whether `generation` is still the agent's newest poll.
    public func isCurrentPoll(agentID: Int64, generation: Int64) async throws -> Bool {
        try await self.pool.query("SELECT poll_generation = $2 FROM agents WHERE id = $1", [agentID, generation])
            .first?.decode(Bool.self, at: 0) ?? false
    }

    public func touch(agentID: Int64, address: String?) async throws {
        try await self.pool.execute(
            "UPDATE agents SET last_seen_at = now(), last_address = coalesce($2, last_address) WHERE id = $1",
            [agentID, address]
        )
    }

    static func record(_ row: PostgresRow) throws -> AgentRecord {
        AgentRecord(
            id: try row.decode(Int64.self, at: 0),
            name: try row.decode(String.self, at: 1),
            region: try row.decode(String.self, at: 2),
            network: try row.decode(String.self, at: 3),
            createdAt: try row.decode(Int64.self, at: 4),
            revokedAt: try row.decode(Int64?.self, at: 5),
            lastSeenAt: try row.decode(Int64?.self, at: 6),
            lastAddress: try row.decode(String?.self, at: 7),
            version: try row.decode(String?.self, at: 8),
            inFlight: try row.decode(Int.self, at: 9),
            maxConcurrency: try row.decode(Int.self, at: 10),
            spoolDepth: try row.decode(Int.self, at: 11),
            spoolDropped: try row.decode(Int.self, at: 12),
            online: try row.decode(Bool?.self, at: 13) ?? false
        )
    }
}
