import LibPQ
import Testing
import XCheckTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension LibPQIntegrationTests {
    @Suite("PostgresConnection")
    struct ConnectionTests {
        @Test("connects via URL and applies application_name, statement_timeout and server settings")
        func connectsViaURL() async throws {
            var configuration = try TestDatabase.configuration(applicationName: "xcheck-conn-url")
            configuration.statementTimeout = .milliseconds(1500)
            configuration.serverSettings["search_path"] = "\"my schema\", public"
            let settings = try await TestDatabase.withConnection(configuration) { connection in
                #expect(connection.isConnected)
                #expect(connection.backendProcessID > 0)
                #expect(connection.serverVersion >= 100_000)
                #expect(connection.transactionStatus == .idle)
                let row = try #require(
                    try connection.query(
                        "SELECT current_setting('application_name'), current_setting('statement_timeout'), current_setting('search_path'), current_setting('client_encoding')"
                    ).first
                )
                return try (0..<4).map { try row.decode(String.self, at: $0) }
            }
            #expect(settings == ["xcheck-conn-url", "1500ms", "\"my schema\", public", "UTF8"])
        }

        @Test("connects via a key=value conninfo string")
        func connectsViaConninfo() async throws {
            let url = try PostgresConnection.Configuration(url: try #require(TestDatabase.url))
            var parts = ["host=\(try #require(url.host))"]
            if let port = url.port { parts.append("port=\(port)") }
            if let user = url.user { parts.append("user=\(user)") }
            if let database = url.database { parts.append("dbname=\(database)") }
            let configuration = try PostgresConnection.Configuration(conninfo: parts.joined(separator: " "))
            let one = try await TestDatabase.withConnection(configuration) {
                try $0.query("SELECT 1").first?.decode(Int.self, at: 0)
            }
            #expect(one == 1)
        }

        @Test("a closed port fails quickly with connectionFailed and a clear message, without the password")
        func wrongPort() async throws {
            let port = TestDatabase.closedPort()
            let secret = "pw-\(TestDatabase.uniqueName("wrongport"))"
            let configuration = try PostgresConnection.Configuration(
                url: "postgres://xcheck:\(secret)@127.0.0.1:\(port)/postgres")
            let error = try await #require(throws: PostgresError.self) {
                try await OffPool.run { _ = try PostgresConnection.connect(configuration) }
            }
            #expect(error.code == .connectionFailed)
            #expect(error.message.contains("Connection refused"))
            #expect(error.message.contains("\(port)"))
            #expect(!error.message.contains("\n"))
            for text in [error.description, error.debugDescription, error.message, "\(configuration)"] {
                #expect(!text.contains(secret))
            }
        }

        @Test("a wrong password fails with connectionFailed and is never in the error text")
        func wrongPassword() async throws {
            let role = TestDatabase.uniqueName("xchk_role")
            let rightPassword = "right-\(TestDatabase.uniqueName("pw"))"
            let wrongPassword = "wrong-\(TestDatabase.uniqueName("pw"))"
            try await TestDatabase.withConnection { connection in
                // A role name and password cannot be parameters; both are generated above.
                try connection.execute("CREATE ROLE \(role) LOGIN PASSWORD '\(rightPassword)'")
            }
            let outcome = await asyncResult {
                try await self.tryPasswords(role: role, right: rightPassword, wrong: wrongPassword)
            }
            try await TestDatabase.withConnection { try $0.execute("DROP ROLE IF EXISTS \(role)") }
            try outcome.get()
        }

        private func tryPasswords(role: String, right rightPassword: String, wrong wrongPassword: String) async throws {
            let base = try PostgresConnection.Configuration(url: try #require(TestDatabase.url))
            let host = try #require(base.host)
            let port = base.port ?? 5432
            let database = base.database ?? "postgres"
            let wrong = try PostgresConnection.Configuration(
                url: "postgres://\(role):\(wrongPassword)@\(host):\(port)/\(database)")
            let right = try PostgresConnection.Configuration(
                url: "postgres://\(role):\(rightPassword)@\(host):\(port)/\(database)")

            let outcome = await asyncResult {
                try await OffPool.run { try PostgresConnection.connect(wrong).backendProcessID }
            }
            switch outcome {
            case .success:
                // The server trusts this role (no password asked), so only the other paths are exercised here.
                // Require password auth for non-superuser roles in pg_hba.conf to exercise this one.
                break
            case .failure(let error):
                let postgresError = try #require(error as? PostgresError)
                #expect(postgresError.code == .connectionFailed)
                #expect(postgresError.message.contains("password authentication failed"))
                for text in [postgresError.description, postgresError.debugDescription, postgresError.message] {
                    #expect(!text.contains(wrongPassword))
                    #expect(!text.contains(rightPassword))
                }
                let user = try await TestDatabase.withConnection(right) {
                    try $0.query("SELECT current_user").first?.decode(String.self, at: 0)
                }
                #expect(user == role)
            }
        }

        @Test("every value type round-trips through parameters and results")
        func valueTypes() async throws {
            let bytes = (0...255).map { UInt8($0) } + [0, 0, 255]
            let unicode = "Grüße, 世界 🚀 \"quoted\" 'single' \\backslash\\ \t tab"
            try await TestDatabase.withConnection { connection in
                let row = try #require(
                    try connection.query(
                        """
                        SELECT $1::text AS text, $2::int8 AS big, $3::int8 AS small, $4::int4 AS i32max, $5::int4 AS i32min,
                               $6::bool AS yes, $7::bool AS no, $8::float8 AS pi, $9::float8 AS tiny, $10::bytea AS blob,
                               $11::text AS nothing, $12::int8 AS nullint, $13::int2 AS i16, $14::float8 AS inf,
                               $15::float8 AS nan, $16::bytea AS empty, $17::text AS emptytext, $18::numeric AS num
                        """,
                        [
                            unicode, Int64.max, Int64.min, Int32.max, Int32.min,
                            true, false, 3.141592653589793, 1e-300, bytes,
                            nil, Int?.none, Int16(-12345), Double.infinity,
                            Double.nan, [UInt8](), "", PostgresData.text("12345678901234567890.5"),
                        ]
                    ).first
                )
                #expect(try row.decode(String.self, column: "text") == unicode)
                #expect(try row.decode(Int64.self, column: "big") == Int64.max)
                #expect(try row.decode(Int.self, column: "small") == Int.min)
                #expect(try row.decode(Int32.self, column: "i32max") == Int32.max)
                #expect(try row.decode(Int32.self, column: "i32min") == Int32.min)
                #expect(try row.decode(Bool.self, column: "yes") == true)
                #expect(try row.decode(Bool.self, column: "no") == false)
                #expect(try row.decode(Double.self, column: "pi") == 3.141592653589793)
                #expect(try row.decode(Double.self, column: "tiny") == 1e-300)
                #expect(try row.decode([UInt8].self, column: "blob") == bytes)
                #expect(try row.decode(String?.self, column: "nothing") == nil)
                #expect(try row.decode(Int?.self, column: "nullint") == nil)
                #expect(try row.decode(Int?.self, column: "big") == Int(Int64.max))
                #expect(try row.decode(Int16.self, column: "i16") == -12345)
                #expect(try row.decode(Double.self, column: "inf") == .infinity)
                #expect(try row.decode(Double.self, column: "nan").isNaN)
                #expect(try row.decode([UInt8].self, column: "empty") == [])
                #expect(try row.decode(String.self, column: "emptytext") == "")
                #expect(try row.decode(Double.self, column: "num") == 12345678901234567890.5)
                #expect(row["nothing"].isNull)
                #expect(row["blob"].typeOID == 17)
                #expect(row.count == 18)
                #expect(row.columnNames.first == "text")

                // Decoding failures are `.decoding` errors that do not quote the value.
                let null = try #require(throws: PostgresError.self) { try row.decode(Int.self, column: "nullint") }
                #expect(null.code == .decoding)
                let overflow = try #require(throws: PostgresError.self) { try row.decode(Int32.self, column: "big") }
                #expect(overflow.code == .decoding)
                #expect(!overflow.description.contains("\(Int64.max)"))
                let missing = try #require(throws: PostgresError.self) {
                    try row.decode(Int.self, column: "no_such_column")
                }
                #expect(missing.code == .decoding)
                let badIndex = try #require(throws: PostgresError.self) { try row.decode(Int.self, at: 99) }
                #expect(badIndex.code == .decoding)
                let notBool = try #require(throws: PostgresError.self) { try row.decode(Bool.self, column: "text") }
                #expect(notBool.code == .decoding)

                // The escape output format of bytea decodes through PQunescapeBytea.
                try connection.execute("SET bytea_output = 'escape'")
                let escaped = try #require(try connection.query("SELECT $1::bytea", [bytes]).first)
                #expect(try escaped.decode([UInt8].self, at: 0) == bytes)
            }
        }

        @Test("values survive a table round trip, including NULLs and unicode")
        func tableRoundTrip() async throws {
            try await TestDatabase.withConnection { connection in
                try connection.execute(
                    "CREATE TEMP TABLE things (id int8 PRIMARY KEY, name text, flag bool, score float8, data bytea, note text)"
                )
                let inserted = try connection.execute(
                    "INSERT INTO things VALUES ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12)",
                    [
                        1, "ünïcödé ✓", true, 0.5, [UInt8]([1, 2, 3]), nil, Int64(9_007_199_254_740_993), nil, nil, nil,
                        nil, "x",
                    ]
                )
                #expect(inserted == 2)
                let rows = try connection.query("SELECT * FROM things ORDER BY id")
                #expect(rows.count == 2)
                #expect(try rows[0].decode(String.self, column: "name") == "ünïcödé ✓")
                #expect(try rows[0].decode([UInt8].self, column: "data") == [1, 2, 3])
                #expect(try rows[0].decode(String?.self, column: "note") == nil)
                #expect(try rows[1].decode(Int64.self, column: "id") == 9_007_199_254_740_993)
                #expect(try rows[1].decode(Bool?.self, column: "flag") == nil)
                #expect(try rows[1].decode(Double?.self, column: "score") == nil)
                #expect(try connection.execute("UPDATE things SET note = $1", ["y"]) == 2)
                #expect(try connection.execute("DELETE FROM things WHERE id = $1", [42]) == 0)
            }
        }

        @Test("prepared statements are prepared once per session and reused; a reset clears them")
        func preparedStatements() async throws {
            struct Double_: PostgresPreparedStatement {
                static let sql = "SELECT $1::int8 * 2"
                var value: Int64
                func makeBindings() -> [(any PostgresBindable)?] { [self.value] }
                func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(at: 0) }
            }
            let statement = PostgresStatement(name: TestDatabase.uniqueName("stmt"), sql: "SELECT $1::int8 + $2::int8")
            try await TestDatabase.withConnection { connection in
                for value in 1...3 {
                    let sum = try connection.query(statement, [value, 10]).first?.decode(Int.self, at: 0)
                    #expect(sum == value + 10)
                }
                #expect(connection.preparedStatementNames == [statement.name])
                let count = try connection.query(
                    "SELECT count(*) FROM pg_prepared_statements WHERE name = $1", [statement.name])
                #expect(try count.first?.decode(Int.self, at: 0) == 1)

                #expect(try connection.run(Double_(value: 21)) == [42])
                #expect(try connection.run(Double_(value: 50)) == [100])
                #expect(connection.preparedStatementNames == [statement.name, Double_.name])

                // Same name, new SQL: prepared again.
                let changed = PostgresStatement(name: statement.name, sql: "SELECT $1::int8 - $2::int8")
                #expect(try connection.query(changed, [10, 3]).first?.decode(Int.self, at: 0) == 7)

                // Someone else deallocated it: prepared again transparently.
                try connection.execute("DEALLOCATE ALL")
                #expect(try connection.query(changed, [10, 4]).first?.decode(Int.self, at: 0) == 6)

                try connection.reset()
                #expect(connection.preparedStatementNames.isEmpty)
                #expect(try connection.query(statement, [1, 1]).first?.decode(Int.self, at: 0) == 2)
            }
        }

        @Test("a unique violation has SQLSTATE 23505 and its description never shows the value")
        func uniqueViolation() async throws {
            let secret = "secret-\(TestDatabase.uniqueName("value"))"
            let insert = PostgresStatement(name: "insert_secret", sql: "INSERT INTO secrets (value) VALUES ($1)")
            try await TestDatabase.withConnection { connection in
                try connection.execute("CREATE TEMP TABLE secrets (value text UNIQUE)")
                try connection.execute(insert, [secret])
                let error = try #require(throws: PostgresError.self) { try connection.execute(insert, [secret]) }
                #expect(error.code == .server)
                #expect(error.sqlState == .uniqueViolation)
                #expect(error.statementName == "insert_secret")
                #expect(error.message.contains("duplicate key value violates unique constraint"))
                #expect(!error.message.contains(secret))
                #expect(!error.description.contains(secret))
                #expect(!"\(error)".contains(secret))
                #expect(!String(describing: error).contains(secret))
                #expect(error.description.contains("23505"))
                #expect(error.description.contains("insert_secret"))
                // The detail has it (for local debugging only).
                #expect(error.detail?.contains(secret) == true)
                #expect(connection.isConnected)

                // Data exceptions quote the input in the primary message: description elides it.
                let bad = try #require(throws: PostgresError.self) { try connection.query("SELECT $1::int", [secret]) }
                #expect(bad.sqlState == .invalidTextRepresentation)
                #expect(bad.message.contains(secret))
                #expect(!bad.description.contains(secret))

                let missing = try #require(throws: PostgresError.self) {
                    try connection.query("SELECT * FROM no_such_table_here")
                }
                #expect(missing.sqlState == .undefinedTable)
            }
        }

        @Test("transactions commit, roll back, and a COMMIT that rolled back throws")
        func transactions() async throws {
            struct Boom: Error {}
            try await TestDatabase.withConnection { connection in
                try connection.execute("CREATE TEMP TABLE items (id int PRIMARY KEY)")
                try connection.withTransaction { try $0.execute("INSERT INTO items VALUES (1)") }
                #expect(throws: Boom.self) {
                    try connection.withTransaction { connection in
                        try connection.execute("INSERT INTO items VALUES (2)")
                        throw Boom()
                    }
                }
                #expect(connection.transactionStatus == .idle)
                let ids = try connection.query("SELECT id FROM items ORDER BY id").map {
                    try $0.decode(Int.self, at: 0)
                }
                #expect(ids == [1])

                // The body swallows a failed statement: COMMIT becomes ROLLBACK, which must not pass silently.
                let error = try #require(throws: PostgresError.self) {
                    try connection.withTransaction(isolation: .serializable) { connection in
                        try connection.execute("INSERT INTO items VALUES (3)")
                        _ = try? connection.execute("INSERT INTO items VALUES (1)")
                    }
                }
                #expect(error.sqlState == .inFailedSQLTransaction)
                #expect(connection.transactionStatus == .idle)
                #expect(try connection.query("SELECT count(*) FROM items").first?.decode(Int.self, at: 0) == 1)

                // Nested transactions are refused.
                let nested = try #require(throws: PostgresError.self) {
                    try connection.withTransaction { connection in
                        try connection.withTransaction { _ in }
                    }
                }
                #expect(nested.sqlState == .activeSQLTransaction)
                #expect(connection.transactionStatus == .idle)
            }
        }

        @Test("statement_timeout cancels a slow statement with SQLSTATE 57014")
        func statementTimeout() async throws {
            var configuration = try TestDatabase.configuration()
            configuration.statementTimeout = .milliseconds(200)
            try await TestDatabase.withConnection(configuration) { connection in
                let error = try #require(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(5)") }
                #expect(error.code == .server)
                #expect(error.sqlState == .queryCanceled)
                #expect(try connection.query("SELECT 1").count == 1)
            }
        }

        @Test("the cancel handle cancels a running query from another thread")
        func cancelHandle() async throws {
            let stopwatch = Stopwatch()
            try await TestDatabase.withConnection { connection in
                let handle = connection.cancelHandle
                let canceller = Task {
                    try await Task.sleep(for: .milliseconds(300))
                    try await OffPool.run { try handle.cancel() }
                }
                let error = try #require(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(10)") }
                #expect(error.sqlState == .queryCanceled)
                #expect(try connection.query("SELECT 2").first?.decode(Int.self, at: 0) == 2)
                _ = canceller
            }
            // Not a speed limit: pg_sleep(10) cannot end by itself sooner, so an earlier return is the cancel.
            #expect(stopwatch.elapsed < .seconds(10))
        }

        @Test("a terminated session reports connectionFailed; reset() reconnects")
        func terminatedSession() async throws {
            let name = TestDatabase.uniqueName("xcheck-terminated")
            let configuration = try TestDatabase.configuration(applicationName: name)
            let statement = PostgresStatement(name: "one", sql: "SELECT 1")
            try await TestDatabase.withConnection(configuration) { connection in
                _ = try connection.query(statement)
                let pid = connection.backendProcessID
                // Terminate it from a second session.
                let admin = try PostgresConnection.connect(try TestDatabase.configuration())
                _ = try admin.query("SELECT pg_terminate_backend($1)", [pid])
                admin.close()
                usleep(200_000)
                let error = try #require(throws: PostgresError.self) { try connection.query("SELECT 1") }
                #expect(error.code == .connectionFailed)
                #expect(!connection.isConnected)
                try connection.reset()
                #expect(connection.isConnected)
                #expect(connection.backendProcessID != pid)
                #expect(connection.preparedStatementNames.isEmpty)
                #expect(try connection.query(statement).count == 1)
                connection.close()
                let closed = try #require(throws: PostgresError.self) { try connection.query("SELECT 1") }
                #expect(closed.code == .closed)
            }
        }

        @Test("a parameter containing NUL is refused before it reaches the server")
        func nulParameter() async throws {
            try await TestDatabase.withConnection { connection in
                let error = try #require(throws: PostgresError.self) {
                    try connection.query("SELECT $1::text", ["a\u{0}b"])
                }
                #expect(error.code == .encoding)
                #expect(connection.isConnected)
            }
        }
    }
}
