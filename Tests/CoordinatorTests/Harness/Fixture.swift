import CoordinatorCore
import Foundation
import LibPQ
import XCheckProtocol
import XCheckTestSupport

/// One test's world: its own database, a pool for the test's SQL, an HTTP client, a credential key, and the
/// in-process coordinators it started. ``with(_:)`` tears everything down, also when the test fails.
final class Fixture: Sendable {
    let database: ScratchDatabase
    let sql: PostgresConnectionPool
    let http: HTTPClient
    let key: [UInt8]
    let cipher: CredentialCipher
    private let started = Shared<[InProcessCoordinator]>([])
    private let tasks = Shared<[Task<Void, Never>]>([])

    private init(database: ScratchDatabase) throws {
        self.database = database
        self.sql = try database.makePool()
        self.http = try HTTPClient()
        self.key = TestSettings.randomKey()
        self.cipher = try CredentialCipher(keyBytes: self.key)
    }

    static func with<T: Sendable>(_ body: (Fixture) async throws -> T) async throws -> T {
        let database = try await ScratchDatabase.create()
        let fixture: Fixture
        do {
            fixture = try Fixture(database: database)
        } catch {
            await database.drop()
            throw error
        }
        do {
            let value = try await body(fixture)
            await fixture.tearDown()
            return value
        } catch {
            await fixture.tearDown()
            throw error
        }
    }

    private func tearDown() async {
        // Agents first: no request may still be arriving while a coordinator stops.
        await self.stopAgents()
        for coordinator in self.started.get().reversed() { await coordinator.stop() }
        await self.http.shutdown()
        _ = try? await bounded(.seconds(30), "test pool shutdown") { await self.sql.shutdown() }
        await self.database.drop()
    }

    /// Starts an in-process coordinator on this test's database (stopped by the teardown).
    func startCoordinator(
        label: String = "coordinator", migrate: Bool = true, configure: (inout CoordinatorConfiguration) -> Void = { _ in }
    ) async throws -> InProcessCoordinator {
        let coordinator = try await InProcessCoordinator.start(
            database: try self.database.configuration(applicationName: "xcheck-test-\(label)"), cipher: self.cipher,
            migrate: migrate, label: label, configure: configure)
        self.started.update { $0.append(coordinator) }
        return coordinator
    }

    /// Runs `agent`'s answering loop (see ``SimulatedAgent/serve(recorder:outcome:)``) until ``stopAgents()`` or
    /// the teardown.
    @discardableResult
    func serve(_ agent: SimulatedAgent, recorder: JobRecorder) -> Task<Void, Never> {
        let task = agent.serve(recorder: recorder)
        self.tasks.update { $0.append(task) }
        return task
    }

    /// Cancels every agent loop and waits until each has ended (its HTTP transfer cancelled).
    func stopAgents() async {
        let tasks = self.tasks.update { tasks -> [Task<Void, Never>] in
            defer { tasks.removeAll() }
            return tasks
        }
        for task in tasks { task.cancel() }
        for task in tasks { _ = try? await bounded(.seconds(30), "agent loop end") { await task.value } }
    }

    /// Enrols an agent (through the coordinator's store, as `agents add` does) and returns it, not yet seen.
    func enrol(_ coordinator: InProcessCoordinator, name: String, region: String, network: String = "testnet") async throws -> SimulatedAgent {
        let token = try await coordinator.coordinator.agents.add(name: name, region: region, network: network)
        return SimulatedAgent(name: name, region: region, network: network, token: token.text, client: self.http, baseURL: coordinator.baseURL)
    }

    /// Makes an API token (as `tokens add` does) and returns its text.
    func userToken(_ coordinator: InProcessCoordinator, scope: Scope, name: String? = nil) async throws -> String {
        try await coordinator.coordinator.tokens.add(name: name ?? TestEnvironment.uniqueName("user-\(scope.rawValue)-"), scope: scope).text
    }

    // MARK: SQL for assertions

    func rows(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws -> [PostgresRow] {
        try await self.sql.query(sql, parameters)
    }

    func int(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws -> Int {
        guard let row = try await self.sql.query(sql, parameters).first else { throw HTTPClient.Failure(description: "no row: \(sql)") }
        return try row.decode(Int.self, at: 0)
    }

    func execute(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws {
        try await self.sql.execute(sql, parameters)
    }

    /// How many rows `results` holds for each of `ids` (ids with no row are absent from the answer).
    func resultCounts(_ ids: [String]) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = Array(ids[start..<min(ids.count, start + 1000)])
            let literal = "{" + chunk.joined(separator: ",") + "}"
            for row in try await self.rows(
                "SELECT result_id::text, count(*) FROM results WHERE result_id = ANY($1::uuid[]) GROUP BY 1", [literal])
            {
                counts[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
            }
        }
        return counts
    }
}
