import ArgumentParser
import CoordinatorCore
import EmbeddedPostgres
import Foundation
import LibPQ
import Logging

/// Where the database is: `--database-url` (or XCHECK_DATABASE_URL), else a private PostgreSQL cluster the
/// coordinator runs itself under `--data-dir`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("PostgreSQL URL (postgres://user:pass@host:port/db). Default: XCHECK_DATABASE_URL, else the embedded cluster.", valueName: "URL"))
    var databaseURL: String?

    @Option(name: .long, help: ArgumentHelp("Folder of the embedded PostgreSQL cluster and of the credential key (default: XCHECK_DATA_DIR, else ./xcheck-data).", valueName: "DIR"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp("The credential key file, shared by every replica (default: <data-dir>/credential.key).", valueName: "FILE"))
    var keyFile: String?

    var resolvedDataDir: String {
        let chosen = self.dataDir ?? ProcessInfo.processInfo.environment["XCHECK_DATA_DIR"] ?? "xcheck-data"
        return chosen.hasPrefix("/") ? chosen : FileManager.default.currentDirectoryPath + "/" + chosen
    }

    var explicitURL: String? {
        self.databaseURL ?? ProcessInfo.processInfo.environment["XCHECK_DATABASE_URL"]
    }

    /// The credential key, created on first use.
    func cipher() throws -> CredentialCipher {
        let path = self.keyFile ?? ProcessInfo.processInfo.environment["XCHECK_KEY_FILE"] ?? "\(self.resolvedDataDir)/credential.key"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return try CredentialCipher.loadOrCreate(keyFile: path)
    }

    /// Connects: returns the connection settings and, in embedded mode, the running cluster (the caller stops it).
    func open(logger: Logger) async throws -> (PostgresConnection.Configuration, EmbeddedPostgres?) {
        if let url = self.explicitURL {
            do {
                return (try PostgresConnection.Configuration(url: url), nil)
            } catch {
                throw ValidationError("the database URL cannot be used: \(error)")
            }
        }
        try FileManager.default.createDirectory(atPath: self.resolvedDataDir, withIntermediateDirectories: true)
        let configuration = EmbeddedPostgresConfiguration(dataDirectory: self.resolvedDataDir + "/postgres")
        let embedded = EmbeddedPostgres(configuration: configuration, logger: logger)
        do {
            let url = try await embedded.start()
            return (try PostgresConnection.Configuration(url: url), embedded)
        } catch EmbeddedPostgresError.dataDirectoryInUse {
            // A running coordinator owns the cluster (an admin command beside `serve`): use its server.
            return (try PostgresConnection.Configuration(url: configuration.socketURL), nil)
        }
    }

    /// The schema migrations shipped with the coordinator.
    static func migrations() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw ValidationError("the coordinator's migrations are missing from its resource bundle")
        }
        return try MigrationFiles.load(directory: directory.path)
    }
}
