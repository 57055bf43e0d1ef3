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
    /// batch never stores anything twice. Finished ad-hoc checks lose their password here; results of monitored targets
    /// are announced on `xcheck_target_results` (alerts evaluate those targets).
    public func ingest(agentID: Int64, batch: AgentResultBatch) async throws -> AgentResultAck {
        var ids: [String?] = []
        var started: [String?] = []
        var jobs: [String?] = []
        var outcomes: [String?] = []
        var stages: [String?] = []
        var totals: [String?] = []
        var documents: [String?] = []
        var confirmations: [String?] = []
        let encoder = JSONEncoder()
        for item in batch.results {
            ids.append(item.resultID)
            started.append(String(item.result.startedAt))
            jobs.append(item.jobID)
            outcomes.append(item.result.outcome.rawValue)
            stages.append(item.result.stage?.rawValue)
            totals.append(item.result.timings.total.map { String($0) })
            documents.append(String(decoding: try encoder.encode(item.result), as: UTF8.self))
            confirmations.append(try item.confirmation.map { String(decoding: try encoder.encode($0), as: UTF8.self) })
        }
        let parameters: [(any PostgresBindable)?] = [
            PostgresArray.literal(ids), PostgresArray.literal(started), PostgresArray.literal(jobs),
            PostgresArray.literal(outcomes), PostgresArray.literal(stages), PostgresArray.literal(totals),
            PostgresArray.literal(documents), PostgresArray.literal(confirmations), agentID,
        ]
        let all = Set(batch.results.map(\.resultID))
        let inserted: [(id: String, check: String?)] = try await self.pool.withTransaction { connection in
            let rows = try connection.query(Self.ingestStatement, parameters)
            let inserted = try rows.map { (try $0.decode(String.self, at: 0), try $0.decode(String?.self, at: 1)) }
            let targets = Set(try rows.compactMap { try $0.decode(Int64?.self, at: 2) })
            for target in targets.sorted() { try connection.notify(channel: Channels.targetResults, payload: String(target)) }
            let checks = Set(inserted.compactMap(\.1))
            if !checks.isEmpty {
                let literal = PostgresArray.literal(Array(checks))
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
        let accepted = Set(inserted.map(\.id))
        return AgentResultAck(
            accepted: batch.results.map(\.resultID).filter { accepted.contains($0) },
            duplicates: batch.results.map(\.resultID).filter { all.contains($0) && !accepted.contains($0) })
    }

    static let ingestStatement = PostgresStatement(
        name: "ingest_results",
        sql: """
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::float8[], $3::uuid[], $4::text[], $5::text[], $6::float8[],
                                     $7::jsonb[], $8::jsonb[])
                    AS t(result_id, started_epoch, job_id, outcome, stage, total_ms, document, confirmation)
            ), inserted AS (
                INSERT INTO results (result_id, started_at, agent_id, job_id, check_id, target_id, outcome, stage,
                                     total_ms, document, confirmation)
                SELECT i.result_id, to_timestamp(i.started_epoch), $9, i.job_id, j.check_id, j.target_id, i.outcome,
                       i.stage, i.total_ms, i.document, i.confirmation
                FROM input i LEFT JOIN jobs j ON j.id = i.job_id AND j.agent_id = $9
                ON CONFLICT DO NOTHING
                RETURNING result_id, job_id, check_id, target_id
            ), finished AS (
                UPDATE jobs SET state = 'done', done_at = now()
                WHERE id IN (SELECT job_id FROM inserted) AND agent_id = $9 AND state <> 'done'
            )
            SELECT result_id::text, check_id::text, target_id FROM inserted
            """)
}
