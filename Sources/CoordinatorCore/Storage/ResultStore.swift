import FoundationEssentials
public import LibPQ
public import XCheckProtocol

/// Results: idempotent batch ingest, and reads for history and verdicts.
public struct ResultStore: Sendable {
    let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// Stores a batch from one agent in one transaction and returns the acknowledgement, to be sent only
    /// after this returns (the transaction has committed). A result id already stored is a duplicate: a retried
    /// batch never stores anything twice. Finished ad-hoc checks lose their password here; results of monitored
    /// targets are announced on `xcheck_target_results` (alerts evaluate those targets).
    ///
    /// `batch` is the decoded (so validated) body and `body` its text: PostgreSQL parses the text once and
    /// stores each result document from it, so the coordinator neither re-encodes documents nor builds
    /// array literals (docs/benchmarks.md).
    public func ingest(agentID: Int64, batch: AgentResultBatch, body: String) async throws -> AgentResultAck {
        let parameters: [(any PostgresBindable)?] = [body, agentID]
        let all = Set(batch.results.map(\.resultID))
        let inserted: [(id: String, check: String?)] = try await self.pool.withTransaction { connection in
            let rows = try connection.query(Self.ingestStatement, parameters)
            let inserted = try rows.map { (try $0.decode(String.self, at: 0), try $0.decode(String?.self, at: 1)) }
            let targets = Set(try rows.compactMap { try $0.decode(Int64?.self, at: 2) })
            for target in targets.sorted() { try connection.notify(channel: Channels.targetResults, payload: String(target)) }
            let checks = Set(inserted.compactMap(\.1))
            if !checks.isEmpty {
                let literal = PostgresArray.literal(checks.sorted())
                // Batches answering the same check take turns here, so the last to commit sees every job done.
                _ = try connection.query("SELECT 1 FROM checks WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE", [literal])
                try connection.execute(
                    """
                    UPDATE checks SET finished_at = now(), password_sealed = NULL
                    WHERE id = ANY($1::uuid[]) AND finished_at IS NULL
                      AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.check_id = checks.id AND jobs.state IN ('pending', 'claimed'))
                    """,
                    [literal])
                for check in checks { try connection.notify(channel: Channels.results, payload: check) }
            }
            return inserted
        }
        // PostgreSQL answers with the canonical (lower-case) form of each id; the acknowledgement names the ids
        // as the agent sent them, whatever their case.
        let accepted = Set(inserted.map(\.id))
        return AgentResultAck(
            accepted: batch.results.map(\.resultID).filter { accepted.contains($0.lowercased()) },
            duplicates: batch.results.map(\.resultID).filter { all.contains($0) && !accepted.contains($0.lowercased()) })
    }

    static let ingestStatement = PostgresStatement(
        name: "ingest_results",
        sql: """
            WITH input AS (
                SELECT (e->>'result_id')::uuid AS result_id, (e->>'job_id')::uuid AS job_id, e->'result' AS document,
                       nullif(e->'confirmation', 'null'::jsonb) AS confirmation
                FROM jsonb_array_elements($1::jsonb -> 'results') AS e
            ), inserted AS (
                INSERT INTO results (result_id, started_at, agent_id, job_id, check_id, target_id, outcome, stage,
                                     total_ms, document, confirmation)
                SELECT i.result_id, to_timestamp((i.document->>'started_at')::float8), $2, i.job_id, j.check_id,
                       j.target_id, i.document->>'outcome', i.document->>'stage',
                       (i.document->'timings_ms'->>'total')::float8, i.document, i.confirmation
                FROM input i LEFT JOIN jobs j ON j.id = i.job_id AND j.agent_id = $2
                -- One result per job: a job handed out again after its agent restarted (see AgentStore.beginPoll)
                -- may be answered twice; the second answer is acknowledged as a duplicate.
                WHERE j.state IS DISTINCT FROM 'done'
                ON CONFLICT DO NOTHING
                RETURNING result_id, job_id, check_id, target_id
            ), finished AS (
                UPDATE jobs SET state = 'done', done_at = now()
                WHERE id IN (SELECT job_id FROM inserted) AND agent_id = $2 AND state <> 'done'
            )
            SELECT result_id::text, check_id::text, target_id FROM inserted
            """)
}
