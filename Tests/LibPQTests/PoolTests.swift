import LibPQ
import Synchronization
import Testing
import XCheckTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension LibPQIntegrationTests {
    @Suite("PostgresConnectionPool")
    struct PoolTests {
        @Test("query, execute and prepared statements through the pool")
        func queries() async throws {
            try await TestDatabase.withSchema { schema in
                let pool = PostgresConnectionPool(
                    configuration: try TestDatabase.poolConfiguration(schema: schema, maximumConnections: 2))
                try await pool.execute("CREATE TABLE agents (id int8 PRIMARY KEY, name text NOT NULL)")
                let insert = PostgresStatement(name: "insert_agent", sql: "INSERT INTO agents VALUES ($1, $2)")
                for id in 1...5 {
                    #expect(try await pool.execute(insert, [id, "agent-\(id)"]) == 1)
                }
                #expect(try await pool.execute("UPDATE agents SET name = name || '!' WHERE id > $1", [3]) == 2)
                let rows = try await pool.query("SELECT id, name FROM agents WHERE id >= $1 ORDER BY id", [4])
                #expect(try rows.map { try $0.decode(String.self, column: "name") } == ["agent-4!", "agent-5!"])
                let byName = try await pool.query(
                    PostgresStatement(name: "by_name", sql: "SELECT id FROM agents WHERE name = $1"), ["agent-2"])
                #expect(try byName.first?.decode(Int.self, at: 0) == 2)
                let channel = TestDatabase.uniqueName("unused")
                try await pool.notify(channel: channel, payload: "nobody listens")
                await pool.shutdown()
            }
        }

        @Test("withTransaction commits, rolls back on throw, and a failed COMMIT throws")
        func transactions() async throws {
            struct Boom: Error {}
            try await TestDatabase.withSchema { schema in
                let pool = PostgresConnectionPool(
                    configuration: try TestDatabase.poolConfiguration(schema: schema, maximumConnections: 1))
                try await pool.execute("CREATE TABLE items (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)")
                let committed = try await pool.withTransaction { connection in
                    try connection.execute("INSERT INTO items VALUES (1), (2)")
                }
                #expect(committed == 2)
                await #expect(throws: Boom.self) {
                    try await pool.withTransaction { connection in
                        try connection.execute("INSERT INTO items VALUES (3)")
                        throw Boom()
                    }
                }
                // A deferred unique violation fails at COMMIT.
                let error = try await #require(throws: PostgresError.self) {
                    try await pool.withTransaction(isolation: .repeatableRead) { connection in
                        try connection.execute("INSERT INTO items VALUES (4), (4)")
                    }
                }
                #expect(error.sqlState == .uniqueViolation)
                // A transaction left open by withConnection is rolled back when the lease ends.
                try await pool.withConnection { connection in
                    try connection.execute("BEGIN")
                    try connection.execute("INSERT INTO items VALUES (5)")
                }
                let ids = try await pool.query("SELECT id FROM items ORDER BY id").map {
                    try $0.decode(Int.self, at: 0)
                }
                #expect(ids == [1, 2])
                #expect(pool.statistics.open == 1)
                await pool.shutdown()
            }
        }

        @Test("never more than maximumConnections sessions, with N+5 concurrent leases")
        func maximumConnections() async throws {
            let maximum = 3
            let name = TestDatabase.uniqueName("xcheck-max")
            let pool = PostgresConnectionPool(
                configuration: try TestDatabase.poolConfiguration(applicationName: name, maximumConnections: maximum))
            let gauge = Gauge()
            let sessionCounts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<(maximum + 5) {
                    group.addTask {
                        try await pool.withConnection { connection in
                            gauge.enter()
                            defer { gauge.leave() }
                            let sessions =
                                try connection.query(
                                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                                    [name]
                                ).first?.decode(Int.self, at: 0) ?? 0
                            usleep(100_000)
                            return sessions
                        }
                    }
                }
                var counts: [Int] = []
                for try await count in group { counts.append(count) }
                return counts
            }
            #expect(sessionCounts.count == maximum + 5)
            #expect(sessionCounts.allSatisfy { $0 >= 1 && $0 <= maximum })
            #expect(gauge.highest <= maximum)
            #expect(gauge.highest >= 2)
            #expect(pool.statistics.open <= maximum)
            #expect(try await TestDatabase.backendPIDs(applicationName: name).count <= maximum)
            await pool.shutdown()
            #expect(try await TestDatabase.noBackendsRemain(applicationName: name))
        }

        @Test("a burst of 300 requests on 4 connections all complete, each with its own answer")
        func burst() async throws {
            let pool = PostgresConnectionPool(configuration: try TestDatabase.poolConfiguration(maximumConnections: 4))
            let statement = PostgresStatement(name: "echo", sql: "SELECT $1::int8 * 3")
            let pairs = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for value in 0..<300 {
                    group.addTask {
                        let rows = try await pool.query(statement, [value])
                        return (value, try rows[0].decode(Int.self, at: 0))
                    }
                }
                var pairs: [(Int, Int)] = []
                for try await pair in group { pairs.append(pair) }
                return pairs
            }
            #expect(pairs.count == 300)
            #expect(pairs.allSatisfy { $0.1 == $0.0 * 3 })
            #expect(pool.statistics.open <= 4)
            #expect(pool.statistics.waiting == 0)
            await pool.shutdown()
        }

        @Test("a request that waits longer than acquireTimeout fails with poolTimeout")
        func acquireTimeout() async throws {
            var configuration = try TestDatabase.poolConfiguration(maximumConnections: 1)
            configuration.acquireTimeout = .milliseconds(300)
            let pool = PostgresConnectionPool(configuration: configuration)
            let released = Flag()
            let holder = Task { try await pool.withConnection { _ in _ = usleep(1_500_000); released.set() } }
            try await Task.sleep(for: .milliseconds(100))
            let stopwatch = Stopwatch()
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error.code == .poolTimeout)
            #expect(stopwatch.elapsed >= .milliseconds(250))
            #expect(!released.isSet, "it gave up while the connection was still held, not when it came back")
            try await holder.value
            #expect(try await pool.query("SELECT 1").count == 1)
            await pool.shutdown()
        }

        @Test("when maximumPendingRequests wait, the next request fails at once with tooManyPending")
        func tooManyPending() async throws {
            var configuration = try TestDatabase.poolConfiguration(maximumConnections: 1)
            configuration.maximumPendingRequests = 1
            let pool = PostgresConnectionPool(configuration: configuration)
            let released = Flag()
            let holder = Task { try await pool.withConnection { _ in _ = usleep(800_000); released.set() } }
            try await Task.sleep(for: .milliseconds(100))
            let waiter = Task { try await pool.query("SELECT 'waited'") }
            try await Task.sleep(for: .milliseconds(100))
            #expect(pool.statistics.waiting == 1)
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error.code == .tooManyPending)
            #expect(!released.isSet, "refused at once, not after waiting for the held connection")
            try await holder.value
            #expect(try await waiter.value.first?.decode(String.self, at: 0) == "waited")
            await pool.shutdown()
        }

        @Test("cancelling the task cancels a running pg_sleep quickly; the connection stays usable")
        func cancelRunningQuery() async throws {
            let pool = PostgresConnectionPool(configuration: try TestDatabase.poolConfiguration(maximumConnections: 1))
            let pid = try await pool.query("SELECT pg_backend_pid()").first?.decode(Int32.self, at: 0)
            let sleeper = Task { try await pool.query("SELECT pg_sleep(10)") }
            try await Task.sleep(for: .milliseconds(300))
            let stopwatch = Stopwatch()
            sleeper.cancel()
            let outcome = await sleeper.result
            // Not a speed limit: pg_sleep(10) cannot end by itself sooner, so an earlier return is the cancel.
            #expect(stopwatch.elapsed < .seconds(10))
            #expect(throws: CancellationError.self) { try outcome.get() }
            // The same session serves the next request, and no cancel request hits it late.
            let again = try await pool.query("SELECT pg_backend_pid(), pg_sleep(0.3)").first?.decode(Int32.self, at: 0)
            #expect(again == pid)
            #expect(pool.statistics.open == 1)
            await pool.shutdown()
        }

        @Test("a cancelled task stops its later statements too, and its transaction is rolled back")
        func cancelStopsLaterStatements() async throws {
            try await TestDatabase.withSchema { schema in
                let pool = PostgresConnectionPool(
                    configuration: try TestDatabase.poolConfiguration(schema: schema, maximumConnections: 1))
                try await pool.execute("CREATE TABLE log (n int)")
                let worker = Task {
                    try await pool.withTransaction { connection in
                        try connection.execute("INSERT INTO log VALUES (1)")
                        usleep(500_000)  // not in a query: the cancel arrives between statements
                        try connection.execute("INSERT INTO log VALUES (2)")
                    }
                }
                try await Task.sleep(for: .milliseconds(200))
                worker.cancel()
                await #expect(throws: CancellationError.self) { try await worker.value }
                #expect(try await pool.query("SELECT count(*) FROM log").first?.decode(Int.self, at: 0) == 0)
                await pool.shutdown()
            }
        }

        @Test("cancelling a waiting request removes it from the queue")
        func cancelWaiter() async throws {
            let pool = PostgresConnectionPool(configuration: try TestDatabase.poolConfiguration(maximumConnections: 1))
            let released = Flag()
            let holder = Task { try await pool.withConnection { _ in _ = usleep(700_000); released.set() } }
            try await Task.sleep(for: .milliseconds(100))
            let waiter = Task { try await pool.query("SELECT 1") }
            try await Task.sleep(for: .milliseconds(100))
            #expect(pool.statistics.waiting == 1)
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(!released.isSet, "the cancelled waiter left the queue at once, not when the connection came back")
            #expect(pool.statistics.waiting == 0)
            try await holder.value
            #expect(try await pool.query("SELECT 1").count == 1)

            // Cancelled before it even asked.
            let early = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await pool.query("SELECT 1")
            }
            await #expect(throws: CancellationError.self) { try await early.value }
            await pool.shutdown()
        }

        @Test("broken connections are discarded and replaced")
        func brokenConnections() async throws {
            let name = TestDatabase.uniqueName("xcheck-broken")
            let pool = PostgresConnectionPool(
                configuration: try TestDatabase.poolConfiguration(applicationName: name, maximumConnections: 1))
            let first = try await pool.query("SELECT pg_backend_pid()").first?.decode(Int32.self, at: 0)
            // The idle session is killed: the next lease notices before running anything.
            #expect(try await TestDatabase.terminateBackends(applicationName: name) == 1)
            try await Task.sleep(for: .milliseconds(200))
            let second = try await pool.query("SELECT pg_backend_pid()").first?.decode(Int32.self, at: 0)
            #expect(second != nil && second != first)
            // The session dies during a statement: that statement fails, the next gets a new session.
            let error = try await #require(throws: PostgresError.self) {
                try await pool.query("SELECT pg_terminate_backend(pg_backend_pid())")
            }
            #expect(error.code == .connectionFailed)
            #expect(!error.description.contains("\n"))
            let third = try await pool.query("SELECT pg_backend_pid()").first?.decode(Int32.self, at: 0)
            #expect(third != nil && third != second)
            #expect(pool.statistics.open == 1)
            await pool.shutdown()
        }

        @Test("idle connections above the minimum close after idleTimeout; the minimum opens by itself")
        func idleAndMinimum() async throws {
            var configuration = try TestDatabase.poolConfiguration(maximumConnections: 3)
            configuration.idleTimeout = .milliseconds(300)
            let pool = PostgresConnectionPool(configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { try await pool.withConnection { _ in _ = usleep(100_000) } } }
                try await group.waitForAll()
            }
            #expect(pool.statistics.open == 3)
            try await Task.sleep(for: .milliseconds(900))
            #expect(pool.statistics.open == 0)
            await pool.shutdown()

            configuration.minimumConnections = 2
            let warm = PostgresConnectionPool(configuration: configuration)
            let deadline = ContinuousClock.now + .seconds(5)
            while warm.statistics.idle < 2 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(warm.statistics.idle == 2)
            try await Task.sleep(for: .milliseconds(600))
            #expect(warm.statistics.open == 2)
            await warm.shutdown()
        }

        @Test("shutdown waits for running work, fails later requests with closed, and is idempotent")
        func shutdown() async throws {
            let name = TestDatabase.uniqueName("xcheck-shutdown")
            let pool = PostgresConnectionPool(
                configuration: try TestDatabase.poolConfiguration(applicationName: name, maximumConnections: 2))
            let running = Task { try await pool.query("SELECT 'done' FROM pg_sleep(0.4)") }
            try await Task.sleep(for: .milliseconds(100))
            await pool.shutdown()
            #expect(try await running.value.first?.decode(String.self, at: 0) == "done")
            await pool.shutdown()
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error.code == .closed)
            #expect(try await TestDatabase.noBackendsRemain(applicationName: name))
        }

        @Test("when no connection can be opened, acquire fails with connectionFailed")
        func unreachableServer() async throws {
            var connection = try PostgresConnection.Configuration(
                url: "postgres://xcheck@127.0.0.1:\(TestDatabase.closedPort())/postgres")
            connection.connectTimeout = .seconds(2)
            var configuration = PostgresConnectionPool.Configuration(connection: connection)
            configuration.maximumConnections = 2
            let pool = PostgresConnectionPool(configuration: configuration)
            let errors = await withTaskGroup(of: PostgresError?.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        do {
                            _ = try await pool.query("SELECT 1")
                            return nil
                        } catch {
                            return error as? PostgresError
                        }
                    }
                }
                var errors: [PostgresError?] = []
                for await error in group { errors.append(error) }
                return errors
            }
            #expect(errors.count == 5)
            #expect(errors.allSatisfy { $0?.code == .connectionFailed })
            #expect(errors.first??.message.contains("Connection refused") == true)
            #expect(pool.statistics.open == 0)
            await pool.shutdown()
        }
    }
}
