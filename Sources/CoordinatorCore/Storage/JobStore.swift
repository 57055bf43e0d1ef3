import XCheckProtocol
public import LibPQ

/// Jobs: made for every live agent by ad-hoc checks and the scheduler, claimed by agents.
public struct JobStore: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// Claims up to `limit` pending jobs of an agent, oldest first. `SKIP LOCKED` lets several coordinator
    /// replicas claim at once without waiting on each other or handing a job out twice.
    /// Claims up to `limit` pending jobs of the agent, oldest first; with `generation`, only while that is
    /// still the agent's newest poll (a superseded poll claims nothing).
    func claim(agentID: Int64, limit: Int, generation: Int64? = nil) async throws -> [ClaimedJob] {
        try await self.pool.query(
            """
            WITH claimed AS (
                UPDATE jobs SET state = 'claimed', claimed_at = now()
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE agent_id = $1 AND state = 'pending' AND deadline_at > now()
                      AND ($3::bigint IS NULL OR EXISTS (SELECT 1 FROM agents WHERE id = $1 AND poll_generation = $3))
                    ORDER BY created_at
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, kind, check_id, target_id, deadline_at, created_at)
            SELECT c.id::text, c.kind, coalesce(ch.url, t.url), coalesce(ch.username, t.username),
                   coalesce(ch.password_sealed, t.password_sealed), extract(epoch from c.deadline_at)::bigint
            FROM claimed c
            LEFT JOIN checks ch ON ch.id = c.check_id
            LEFT JOIN targets t ON t.id = c.target_id
            WHERE coalesce(ch.url, t.url) IS NOT NULL
            ORDER BY c.created_at
            """,
            [agentID, limit, generation]
        ).map { row in
            ClaimedJob(
                id: try row.decode(String.self, at: 0),
                kind: try row.decode(String.self, at: 1),
                url: try row.decode(String.self, at: 2),
                username: try row.decode(String?.self, at: 3),
                passwordSealed: try row.decode([UInt8]?.self, at: 4),
                deadline: try row.decode(Int64.self, at: 5)
            )
        }
    }

    /// Jobs waiting to be claimed, for the metrics gauge.
    public func pendingCount() async throws -> Int {
        try await self.pool.query("SELECT count(*) FROM jobs WHERE state = 'pending' AND deadline_at > now()")
            .first?.decode(Int.self, at: 0) ?? 0
    }

    /// Marks jobs past their deadline expired, finishes ad-hoc checks past theirs (removing their passwords),
    /// and deletes old finished jobs. Returns how many jobs expired.
    @discardableResult
    public func expire(retentionDays: Int = 30) async throws -> Int {
        try await self.pool.withTransaction { connection in
            let expired = try connection.execute(
                "UPDATE jobs SET state = 'expired' WHERE state IN ('pending', 'claimed') AND deadline_at <= now()")
            try connection.execute(
                """
                UPDATE checks SET finished_at = now(), password_sealed = NULL
                WHERE finished_at IS NULL AND deadline_at <= now()
                """)
            // Ad-hoc checks (and with them their jobs, which their documents are built from) are kept as long
            // as results are; jobs of monitored targets are only bookkeeping and go after a day.
            try connection.execute(
                "DELETE FROM checks WHERE finished_at IS NOT NULL AND created_at < now() - make_interval(days => $1)",
                [retentionDays])
            try connection.execute(
                """
                DELETE FROM jobs WHERE target_id IS NOT NULL AND state IN ('done', 'expired')
                  AND created_at < now() - interval '1 day'
                """)
            return expired
        }
    }
}
