import XCheckProtocol
import FoundationEssentials
public import LibPQ
import XCheckModel

/// Ad-hoc checks: creation (with coalescing), fan-out jobs, and the document of results.
public struct CheckStore: Sendable {
    let pool: PostgresConnectionPool
    let cipher: CredentialCipher
    let configuration: CoordinatorConfiguration

    public init(pool: PostgresConnectionPool, cipher: CredentialCipher, configuration: CoordinatorConfiguration) {
        self.pool = pool
        self.cipher = cipher
        self.configuration = configuration
    }

    /// What `create` did.
    struct Created: Sendable {
        var id: String
        /// An identical check in flight, or finished within the reuse window, was returned instead.
        var reused: Bool
        /// Agents that were given a job.
        var agents: Int
    }

    /// Creates a check and one job per live agent (in the chosen regions), or returns an identical check that
    /// is still running or finished less than the reuse window ago. Identical = same kind, base URL,
    /// username, password and regions (compared through an HMAC, so no password is kept for it).
    func create(kind: String, url: String, username: String?, password: String?, regions: [String]?) async throws -> Created {
        let fingerprint = self.cipher.fingerprint([kind, url, username ?? "", password ?? "", (regions ?? []).sorted().joined(separator: ",")])
        let sealed = try password.map { try self.cipher.seal($0) }
        let id = UUID().uuidString.lowercased()
        let reuseSeconds = Double(self.configuration.reuseWindow.components.seconds)
        let lifetime = Double(self.configuration.adHocJobLifetime.components.seconds)
        let offline = Double(self.configuration.agentOfflineAfter.components.seconds)
        let regionsLiteral = regions.map { PostgresArray.literal($0) }
        return try await self.pool.withTransaction { connection in
            // One creator at a time per fingerprint, across every replica.
            _ = try connection.query("SELECT pg_advisory_xact_lock(hashtextextended(encode($1::bytea, 'hex'), 7))", [fingerprint])
            let existing = try connection.query(
                """
                SELECT id::text, (SELECT count(*) FROM jobs WHERE jobs.check_id = checks.id) FROM checks
                WHERE fingerprint = $1
                  AND ((finished_at IS NULL AND deadline_at > now()) OR finished_at > now() - make_interval(secs => $2))
                ORDER BY created_at DESC LIMIT 1
                """,
                [fingerprint, reuseSeconds]
            )
            if let row = existing.first {
                return Created(id: try row.decode(String.self, at: 0), reused: true, agents: try row.decode(Int.self, at: 1))
            }
            try connection.execute(
                """
                INSERT INTO checks (id, fingerprint, kind, url, username, password_sealed, regions, deadline_at)
                VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::text[], now() + make_interval(secs => $8))
                """,
                [id, fingerprint, kind, url, username, sealed, regionsLiteral, lifetime]
            )
            let agents = try connection.query(
                """
                INSERT INTO jobs (id, agent_id, check_id, kind, deadline_at)
                SELECT gen_random_uuid(), a.id, $1::uuid, $2, now() + make_interval(secs => $3)
                FROM agents a
                WHERE a.revoked_at IS NULL AND a.last_seen_at > now() - make_interval(secs => $4)
                  AND ($5::text[] IS NULL OR a.region = ANY($5::text[]))
                RETURNING agent_id
                """,
                [id, kind, lifetime, offline, regionsLiteral]
            ).map { try $0.decode(Int64.self, at: 0) }
            for agent in agents {
                try connection.notify(channel: Channels.jobs, payload: String(agent))
            }
            if agents.isEmpty {
                try connection.execute("UPDATE checks SET finished_at = now(), password_sealed = NULL WHERE id = $1::uuid", [id])
            }
            return Created(id: id, reused: false, agents: agents.count)
        }
    }

    /// The check's document: target, each agent's result, the agents still missing. nil when unknown.
    func document(id: String) async throws -> CheckDocument? {
        guard UUID(uuidString: id) != nil else { return nil }
        return try await self.pool.withConnection { connection -> CheckDocument? in
            let checks = try connection.query(
                """
                SELECT id::text, kind, url, username, regions::text, extract(epoch from created_at)::bigint,
                       extract(epoch from finished_at)::bigint
                FROM checks WHERE id = $1::uuid
                """,
                [id]
            )
            guard let check = checks.first else { return nil }
            let vantages = try connection.query(
                """
                SELECT a.name, a.region, a.network, j.state, r.document::text, r.confirmation::text,
                       extract(epoch from r.received_at)::bigint
                FROM jobs j
                JOIN agents a ON a.id = j.agent_id
                LEFT JOIN LATERAL (
                    SELECT document, confirmation, received_at FROM results
                    WHERE results.check_id = j.check_id AND results.job_id = j.id
                    ORDER BY received_at LIMIT 1) r ON true
                WHERE j.check_id = $1::uuid
                ORDER BY a.region, a.name
                """,
                [id]
            )
            var answered: [CheckDocument.VantageResult] = []
            var missing: [CheckDocument.AgentRef] = []
            for row in vantages {
                let agent = CheckDocument.AgentRef(
                    name: try row.decode(String.self, at: 0), region: try row.decode(String.self, at: 1),
                    network: try row.decode(String.self, at: 2))
                if let document = try row.decode(String?.self, at: 4) {
                    answered.append(CheckDocument.VantageResult(
                        agent: agent,
                        result: try ResultJSON.decode(document),
                        confirmation: try row.decode(String?.self, at: 5).map(ResultJSON.decode),
                        receivedAt: try row.decode(Int64?.self, at: 6)))
                } else {
                    missing.append(agent)
                }
            }
            let finished = try check.decode(Int64?.self, at: 6)
            return CheckDocument(
                id: try check.decode(String.self, at: 0),
                kind: try check.decode(String.self, at: 1),
                url: try check.decode(String.self, at: 2),
                username: try check.decode(String?.self, at: 3),
                createdAt: try check.decode(Int64.self, at: 5),
                finishedAt: finished,
                status: missing.isEmpty ? "complete" : (finished == nil ? "running" : "partial"),
                vantages: answered,
                missing: missing,
                reused: false,
                verdict: CheckDocument.verdict(vantages: answered, missing: missing))
        }
    }

    /// Jobs of a check and how many of them have answered.
    func progress(id: String) async throws -> (jobs: Int, answered: Int) {
        let row = try await self.pool.query(
            "SELECT count(*), count(*) FILTER (WHERE state = 'done') FROM jobs WHERE check_id = $1::uuid", [id]
        ).first
        return (try row?.decode(Int.self, at: 0) ?? 0, try row?.decode(Int.self, at: 1) ?? 0)
    }
}
