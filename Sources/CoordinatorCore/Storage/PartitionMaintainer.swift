import XCheckProtocol
public import LibPQ

/// Keeps the daily partitions of `results`: creates them ahead, drops those past the retention. Replicas
/// take turns through an advisory lock.
public struct PartitionMaintainer: Sendable {
    let pool: PostgresConnectionPool
    let daysAhead: Int
    let retentionDays: Int

    public init(pool: PostgresConnectionPool, daysAhead: Int, retentionDays: Int) {
        self.pool = pool
        self.daysAhead = daysAhead
        self.retentionDays = retentionDays
    }

    /// What one run did.
    public struct Report: Sendable, Hashable {
        public var created: [String]
        public var dropped: [String]
    }

    /// Creates the partitions from yesterday to `daysAhead` days ahead and drops those older than the
    /// retention.
    @discardableResult
    public func run() async throws -> Report {
        try await self.pool.withTransaction { connection in
            _ = try connection.query("SELECT pg_advisory_xact_lock(7405106)")
            var report = Report(created: [], dropped: [])
            let days = try connection.query(
                """
                SELECT to_char(d, 'YYYYMMDD'), to_char(d, 'YYYY-MM-DD'), to_char(d + interval '1 day', 'YYYY-MM-DD')
                FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - interval '1 day',
                                     date_trunc('day', now() AT TIME ZONE 'UTC') + make_interval(days => $1), interval '1 day') d
                """,
                [self.daysAhead])
            let existing = Set(try connection.query(
                """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'results'
                """
            ).map { try $0.decode(String.self, at: 0) })
            for day in days {
                let name = "results_p" + (try day.decode(String.self, at: 0))
                guard !existing.contains(name) else { continue }
                // Names and bounds come from the database's own to_char, never from input.
                let low = "'\(try day.decode(String.self, at: 1)) 00:00:00+00'"
                let high = "'\(try day.decode(String.self, at: 2)) 00:00:00+00'"
                let strays = try connection.query(
                    "SELECT count(*) FROM results_default WHERE started_at >= \(low) AND started_at < \(high)"
                ).first?.decode(Int.self, at: 0) ?? 0
                if strays == 0 {
                    try connection.execute("CREATE TABLE \(name) PARTITION OF results FOR VALUES FROM (\(low)) TO (\(high))")
                } else {
                    // Results of that day already sit in the default partition (an agent whose clock ran ahead):
                    // move them into the new partition, then attach it.
                    try connection.execute("CREATE TABLE \(name) (LIKE results INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
                    try connection.execute(
                        """
                        WITH moved AS (DELETE FROM results_default WHERE started_at >= \(low) AND started_at < \(high) RETURNING *)
                        INSERT INTO \(name) SELECT * FROM moved
                        """)
                    try connection.execute("ALTER TABLE results ATTACH PARTITION \(name) FOR VALUES FROM (\(low)) TO (\(high))")
                }
                report.created.append(name)
            }
            let cutoff = try connection.query(
                "SELECT to_char(date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => $1), 'YYYYMMDD')",
                [self.retentionDays]
            ).first?.decode(String.self, at: 0) ?? "00000000"
            for name in existing.sorted() where name.hasPrefix("results_p") && name.count == 17 {
                let day = String(name.dropFirst("results_p".count))
                guard day.allSatisfy(\.isNumber), day < cutoff else { continue }
                try connection.execute("DROP TABLE \(name)")
                report.dropped.append(name)
            }
            return report
        }
    }
}
