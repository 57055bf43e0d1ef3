import FoundationEssentials
import LibPQ
import XCheckModel
import XCheckProtocol

/// The status page's reads. A page costs a fixed number of statements whatever the number of targets: the
/// visible targets, one grid query (each agent's latest result per target and bucket, `DISTINCT ON` in SQL),
/// one query for the verdicts' inputs and one for the agents missing from them.
struct StatusStore: Sendable {
    let pool: PostgresConnectionPool

    /// A target row, as far as the status page needs it (never the username or the password).
    struct TargetRow: Sendable {
        var id: Int64
        var name: String
        var url: String
        var isPublic: Bool
        var intervalSeconds: Int
        var regions: [String]?
    }

    /// The most grid rows one page reads (targets × agents × buckets stays far below it in practice).
    static let gridRowLimit = 250_000
    /// The most targets one page shows.
    static let targetLimit = 500

    /// The targets a viewer may see, by name.
    func visibleTargets(includingPrivate: Bool) async throws -> [TargetRow] {
        try await self.pool.query(
            """
            SELECT id, name, url, is_public, interval_seconds, regions::text FROM targets
            WHERE is_public OR $1 ORDER BY lower(name), id LIMIT $2
            """,
            [includingPrivate, Self.targetLimit]
        ).map(Self.targetRow)
    }

    /// One target, if the viewer may see it.
    func visibleTarget(id: Int64, includingPrivate: Bool) async throws -> TargetRow? {
        try await self.pool.query(
            "SELECT id, name, url, is_public, interval_seconds, regions::text FROM targets WHERE id = $1 AND (is_public OR $2)",
            [id, includingPrivate]
        ).first.map(Self.targetRow)
    }

    /// Each agent's latest result per target and bucket of the window, for the given targets.
    func gridSamples(targets: [Int64], window: StatusWindow) async throws -> [Int64: [StatusGrid.Sample]] {
        guard !targets.isEmpty else { return [:] }
        let rows = try await self.pool.query(
            """
            SELECT DISTINCT ON (r.target_id, r.agent_id, bucket)
                   r.target_id, floor((extract(epoch from r.started_at)::float8 - $2::float8) / $3::float8)::integer AS bucket,
                   r.document::text, r.confirmation::text, a.name, a.region, a.network
            FROM results r JOIN agents a ON a.id = r.agent_id
            WHERE r.target_id = ANY($1::bigint[]) AND r.started_at >= to_timestamp($2::float8) AND r.started_at < to_timestamp($4::float8)
            ORDER BY r.target_id, r.agent_id, bucket, r.started_at DESC
            LIMIT $5
            """,
            [Self.idArray(targets), Double(window.start), Double(window.bucketSeconds), Double(window.end), Self.gridRowLimit])
        var samples: [Int64: [StatusGrid.Sample]] = [:]
        for row in rows {
            let sample = StatusGrid.Sample(
                bucket: try row.decode(Int.self, at: 1),
                agent: CheckDocument.AgentRef(
                    name: try row.decode(String.self, at: 4), region: try row.decode(String.self, at: 5),
                    network: try row.decode(String.self, at: 6)),
                result: try ResultJSON.decode(try row.decode(String.self, at: 2)),
                confirmation: try row.decode(String?.self, at: 3).map(ResultJSON.decode))
            samples[try row.decode(Int64.self, at: 0), default: []].append(sample)
        }
        return samples
    }

    /// The current verdicts' inputs for the given targets: each agent's latest result within the target's
    /// verdict window (``TargetStore/defaultVerdictWindow(intervalSeconds:)``), and the live agents of the target's
    /// regions without one. The same inputs as `GET /v1/targets/{id}/verdict` with its default window.
    func verdictInputs(targets: [Int64], offlineAfterSeconds: Int) async throws
        -> (latest: [Int64: [HistoryPage.Entry]], missing: [Int64: [CheckDocument.AgentRef]])
    {
        guard !targets.isEmpty else { return ([:], [:]) }
        let ids = Self.idArray(targets)
        let multiplier = TargetStore.defaultVerdictWindow(intervalSeconds: 1)
        let latestRows = try await self.pool.query(
            """
            SELECT DISTINCT ON (r.target_id, r.agent_id) r.target_id, r.result_id::text, extract(epoch from r.started_at)::float8,
                   r.document::text, r.confirmation::text, a.name, a.region, a.network
            FROM results r JOIN agents a ON a.id = r.agent_id JOIN targets t ON t.id = r.target_id
            WHERE r.target_id = ANY($1::bigint[]) AND r.started_at > now() - make_interval(secs => t.interval_seconds * $2::integer)
            ORDER BY r.target_id, r.agent_id, r.started_at DESC
            """,
            [ids, multiplier])
        var latest: [Int64: [HistoryPage.Entry]] = [:]
        for row in latestRows {
            let entry = HistoryPage.Entry(
                resultID: try row.decode(String.self, at: 1),
                agent: CheckDocument.AgentRef(
                    name: try row.decode(String.self, at: 5), region: try row.decode(String.self, at: 6),
                    network: try row.decode(String.self, at: 7)),
                startedAt: Int64(try row.decode(Double.self, at: 2)),
                result: try ResultJSON.decode(try row.decode(String.self, at: 3)),
                confirmation: try row.decode(String?.self, at: 4).map(ResultJSON.decode))
            latest[try row.decode(Int64.self, at: 0), default: []].append(entry)
        }
        let missingRows = try await self.pool.query(
            """
            SELECT t.id, a.name, a.region, a.network
            FROM targets t JOIN agents a ON a.revoked_at IS NULL AND a.last_seen_at > now() - make_interval(secs => $3::integer)
                 AND (t.regions IS NULL OR a.region = ANY(t.regions))
            WHERE t.id = ANY($1::bigint[])
              AND NOT EXISTS (SELECT 1 FROM results r WHERE r.target_id = t.id AND r.agent_id = a.id
                              AND r.started_at > now() - make_interval(secs => t.interval_seconds * $2::integer))
            ORDER BY t.id, a.region, a.name
            """,
            [ids, multiplier, offlineAfterSeconds])
        var missing: [Int64: [CheckDocument.AgentRef]] = [:]
        for row in missingRows {
            missing[try row.decode(Int64.self, at: 0), default: []].append(CheckDocument.AgentRef(
                name: try row.decode(String.self, at: 1), region: try row.decode(String.self, at: 2),
                network: try row.decode(String.self, at: 3)))
        }
        return (latest, missing)
    }

    static func idArray(_ ids: [Int64]) -> String {
        "{" + ids.map(String.init).joined(separator: ",") + "}"
    }

    static func targetRow(_ row: PostgresRow) throws -> TargetRow {
        TargetRow(
            id: try row.decode(Int64.self, at: 0),
            name: try row.decode(String.self, at: 1),
            url: try row.decode(String.self, at: 2),
            isPublic: try row.decode(Bool.self, at: 3),
            intervalSeconds: try row.decode(Int.self, at: 4),
            regions: try row.decode(String?.self, at: 5).map(TargetStore.parseArray))
    }
}
