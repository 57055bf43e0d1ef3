import LibPQ
import Testing

extension LibPQIntegrationTests {
    @Suite("PostgresListener")
    struct ListenerTests {
        @Test("delivers notifications on its channels; listen and unlisten change them")
        func delivers() async throws {
            let first = TestDatabase.uniqueName("jobs")
            let second = TestDatabase.uniqueName("agents")
            let listener = PostgresListener(
                configuration: .init(connection: try TestDatabase.configuration()), channels: [first])
            let events = EventCollector(listener)
            try await listener.start()
            let pool = PostgresConnectionPool(configuration: try TestDatabase.poolConfiguration(maximumConnections: 1))

            try await pool.notify(channel: first, payload: "job 1 ✓")
            #expect(await events.waitFor { $0.isNotification(channel: first, payload: "job 1 ✓") } != nil)

            try await listener.listen(second)
            #expect(listener.channels == [first, second])
            try await pool.notify(channel: second, payload: "")
            #expect(await events.waitFor { $0.isNotification(channel: second, payload: "") } != nil)

            try await listener.unlisten(second)
            try await pool.notify(channel: second, payload: "not delivered")
            try await pool.notify(channel: first, payload: "marker")
            #expect(await events.waitFor { $0.isNotification(channel: first, payload: "marker") } != nil)
            #expect(!events.all.contains { $0.isNotification(channel: second, payload: "not delivered") })
            #expect(!events.all.contains(.reconnected))

            await #expect(throws: PostgresError.self) { try await listener.listen("") }

            await listener.shutdown()
            await events.waitForEnd()
            await listener.shutdown()
            await #expect(throws: PostgresError.self) { try await listener.listen(first) }
            await pool.shutdown()
        }

        @Test("after its session is terminated it reconnects, LISTENs again and yields .reconnected")
        func reconnects() async throws {
            let channel = TestDatabase.uniqueName("events")
            let name = TestDatabase.uniqueName("xcheck-listener")
            var configuration = PostgresListener.Configuration(
                connection: try TestDatabase.configuration(applicationName: name))
            configuration.minimumReconnectDelay = .milliseconds(50)
            let listener = PostgresListener(configuration: configuration, channels: [channel])
            let events = EventCollector(listener)
            try await listener.start()
            let before = try await TestDatabase.backendPIDs(applicationName: name)
            #expect(before.count == 1)

            #expect(try await TestDatabase.terminateBackends(applicationName: name) == 1)
            #expect(await events.waitFor { $0 == .reconnected } != nil)
            var after = try await TestDatabase.backendPIDs(applicationName: name)
            let deadline = ContinuousClock.now + .seconds(3)
            while (after.count != 1 || after == before) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                after = try await TestDatabase.backendPIDs(applicationName: name)
            }
            #expect(after.count == 1 && after != before)

            try await TestDatabase.withConnection { try $0.notify(channel: channel, payload: "after reconnect") }
            #expect(await events.waitFor { $0.isNotification(channel: channel, payload: "after reconnect") } != nil)
            await listener.shutdown()
            #expect(try await TestDatabase.noBackendsRemain(applicationName: name))
        }

        @Test("start fails with connectionFailed when the server cannot be reached, and may be retried")
        func startFails() async throws {
            let connection = try PostgresConnection.Configuration(
                url: "postgres://xcheck@127.0.0.1:\(TestDatabase.closedPort())/postgres")
            let listener = PostgresListener(configuration: .init(connection: connection), channels: ["x"])
            let error = try await #require(throws: PostgresError.self) { try await listener.start() }
            #expect(error.code == .connectionFailed)
            await #expect(throws: PostgresError.self) { try await listener.start() }
            await listener.shutdown()
        }
    }
}
