import LibPQ
import Testing

extension LibPQIntegrationTests {
    @Suite(
        "Server restart",
        .enabled(if: TestDatabase.canControlServer, "runs in the test script's server-restart pass (XCHECK_TEST_SERVER_RESTARTS=1)")
    )
    struct ServerRestartTests {
        @Test(
            "while the server is down requests fail with connectionFailed; after it restarts the same pool and listener work again"
        )
        func restart() async throws {
            let channel = TestDatabase.uniqueName("restart")
            var poolConfiguration = try TestDatabase.poolConfiguration(maximumConnections: 2)
            poolConfiguration.connectTimeout = .seconds(2)
            let pool = PostgresConnectionPool(configuration: poolConfiguration)
            var listenerConfiguration = PostgresListener.Configuration(connection: try TestDatabase.configuration())
            listenerConfiguration.maximumReconnectDelay = .milliseconds(500)
            let listener = PostgresListener(configuration: listenerConfiguration, channels: [channel])
            let events = EventCollector(listener)
            try await listener.start()

            // Two warm connections.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await pool.withConnection { _ = try $0.query("SELECT pg_sleep(0.1)") } }
                }
                try await group.waitForAll()
            }
            #expect(pool.statistics.idle == 2)

            try await ServerControl.stop()
            let outcome = await asyncResult {
                for _ in 0..<3 {
                    let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
                    #expect(error.code == .connectionFailed)
                }
                #expect(pool.statistics.open == 0)
            }
            try await ServerControl.start()
            try outcome.get()

            // The same pool works again at once.
            #expect(try await pool.query("SELECT 42").first?.decode(Int.self, at: 0) == 42)
            // The listener reconnects by itself and receives again.
            #expect(await events.waitFor(timeout: .seconds(15)) { $0 == .reconnected } != nil)
            try await pool.notify(channel: channel, payload: "back")
            #expect(await events.waitFor { $0.isNotification(channel: channel, payload: "back") } != nil)

            await listener.shutdown()
            await pool.shutdown()
        }
    }
}
