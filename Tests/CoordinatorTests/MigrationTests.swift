import CoordinatorCore
import Foundation
import LibPQ
import Testing
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension CoordinatorTests {
    @Suite("Migrations")
    struct MigrationTests {
        @Test("coordinators migrating one empty database at the same moment apply each migration once")
        func concurrentInProcess() async throws {
            try await Fixture.with { fixture in
                let migrations = try TestSettings.migrations()
                let coordinators = try (0..<6).map { index in
                    Coordinator(
                        configuration: InProcessCoordinator.testConfiguration(),
                        database: try fixture.database.configuration(applicationName: "xcheck-test-migrate-\(index)"),
                        cipher: fixture.cipher, logger: InProcessCoordinator.logger("migrate-\(index)"))
                }
                let outcomes = await withTaskGroup(of: String?.self) { group in
                    for coordinator in coordinators {
                        group.addTask {
                            do {
                                try await coordinator.prepareDatabase(migrations: migrations)
                                return nil
                            } catch {
                                return "\(error)"
                            }
                        }
                    }
                    var failures: [String] = []
                    for await failure in group { if let failure { failures.append(failure) } }
                    return failures
                }
                for coordinator in coordinators { await coordinator.shutdown() }
                #expect(outcomes.isEmpty, "\(outcomes)")

                let rows = try await fixture.rows("SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY version")
                #expect(try rows.map { try $0.decode(Int.self, at: 0) } == migrations.map(\.version).sorted())
                #expect(try rows.allSatisfy { try $0.decode(Int.self, at: 1) == 1 })
                #expect(try await fixture.int("SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'results'") >= 9)
            }
        }

        @Test("two coordinator processes starting together on an empty database both serve; migrations applied once")
        func concurrentProcesses() async throws {
            try await Fixture.with { fixture in
                let directory = try TemporaryDirectory()
                defer { directory.remove() }
                // Replicas share one key file; it exists before they start (making it concurrently is tested apart).
                try writeKeyFile("\(directory.path)/credential.key", bytes: TestSettings.randomKey())
                let started = await withTaskGroup(of: Result<CoordinatorProcess, any Error>.self) { group in
                    for label in ["one", "two"] {
                        group.addTask {
                            await Result(catching: {
                                try await CoordinatorProcess.serve(databaseURL: fixture.database.url, directory: directory.path, label: label)
                            })
                        }
                    }
                    var all: [Result<CoordinatorProcess, any Error>] = []
                    for await outcome in group { all.append(outcome) }
                    return all
                }
                let processes = started.compactMap { try? $0.get() }
                do {
                    for outcome in started {
                        if case .failure(let error) = outcome { Issue.record("a coordinator did not start: \(error)") }
                    }
                    for process in processes {
                        #expect(try await fixture.http.get("\(process.baseURL)/healthz").status == 200)
                    }
                    let rows = try await fixture.rows("SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY version")
                    #expect(try rows.map { try $0.decode(Int.self, at: 0) } == (try TestSettings.migrations()).map(\.version).sorted())
                    #expect(try rows.allSatisfy { try $0.decode(Int.self, at: 1) == 1 })
                } catch {
                    for process in processes { await process.stop() }
                    throw error
                }
                for process in processes { await process.stop() }
                #expect(processes.allSatisfy { !$0.isRunning })
            }
        }

        @Test("replicas creating the credential key file at the same moment all end up with the same key")
        func keyFileCreatedConcurrently() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            for round in 0..<20 {
                let path = "\(directory.path)/credential-\(round).key"
                let outcomes = await withTaskGroup(of: Result<[UInt8], any Error>.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            await Result(catching: {
                                try await OffPool.run { () -> [UInt8] in
                                    let cipher = try CredentialCipher.loadOrCreate(keyFile: path)
                                    return try cipher.seal("probe")
                                }
                            })
                        }
                    }
                    var all: [Result<[UInt8], any Error>] = []
                    for await outcome in group { all.append(outcome) }
                    return all
                }
                let failures = outcomes.compactMap { outcome -> String? in
                    if case .failure(let error) = outcome { return "\(error)" }
                    return nil
                }
                #expect(failures.isEmpty, "round \(round): \(failures)")
                guard failures.isEmpty else { return }
                // Every sealed box opens with the key now on disk: one key for all.
                let final = try await OffPool.run { try CredentialCipher.loadOrCreate(keyFile: path) }
                for case .success(let sealed) in outcomes {
                    #expect(try final.open(sealed) == "probe")
                }
                var info = stat()
                #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
            }
        }
    }
}

/// Writes a credential key file (mode 0600), as an operator would copy it to every replica.
func writeKeyFile(_ path: String, bytes: [UInt8]) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else { throw CoordinatorProcess.Failure(description: "cannot create \(path)") }
    defer { close(fd) }
    guard write(fd, bytes, bytes.count) == bytes.count else { throw CoordinatorProcess.Failure(description: "cannot write \(path)") }
}
