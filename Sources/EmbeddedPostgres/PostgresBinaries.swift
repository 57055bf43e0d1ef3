/// Where the PostgreSQL programs the embedded mode runs are.
///
/// Discovery order (the first that applies wins; an explicit choice that does not hold the programs is an
/// error, never a fall-through):
/// 1. the configured directory (``EmbeddedPostgresConfiguration/binDirectory``);
/// 2. the `PG_BIN` environment variable;
/// 3. `/usr/lib/postgresql/<major>/bin` for the major version an existing cluster was made with, so installing a
///    newer PostgreSQL next to it does not break the cluster;
/// 4. the highest version under `/usr/lib/postgresql/*/bin` (Debian and Ubuntu's layout);
/// 5. `pg_config --bindir`.
///
/// A server directory must hold `postgres`, `initdb` and `pg_ctl`. The client programs `psql` and `pg_isready`
/// are taken from the same directory, else from `$PATH`.
public struct PostgresBinaries: Sendable, Hashable {
    /// The directory holding `postgres`, `initdb` and `pg_ctl`.
    public var directory: String
    /// The `psql` program.
    public var psql: String
    /// The `pg_isready` program.
    public var pgIsReady: String

    /// The `postgres` server program.
    public var postgres: String { self.directory + "/postgres" }
    /// The `initdb` program.
    public var initdb: String { self.directory + "/initdb" }
    /// The `pg_ctl` program.
    public var pgCtl: String { self.directory + "/pg_ctl" }

    static let serverPrograms = ["postgres", "initdb", "pg_ctl"]
    static let debianRoot = "/usr/lib/postgresql"

    /// Finds the programs as described on the type.
    ///
    /// - Parameters:
    ///   - binDirectory: a directory chosen by the operator, or nil to discover one.
    ///   - environment: the environment to read `PG_BIN` and `PATH` from.
    ///   - preferredMajorVersion: the `PG_VERSION` of an existing cluster, if any.
    /// - Throws: ``EmbeddedPostgresError/binariesNotFound(searched:)`` or
    ///   ``EmbeddedPostgresError/clientToolNotFound(name:searched:)``.
    public static func discover(
        binDirectory: String? = nil,
        environment: [String: String]? = nil,
        preferredMajorVersion: String? = nil
    ) throws(EmbeddedPostgresError) -> PostgresBinaries {
        let environment = environment ?? ProcessEnvironment.current()
        let directory = try self.findServerDirectory(
            binDirectory: binDirectory,
            environment: environment,
            preferredMajorVersion: preferredMajorVersion
        )
        return PostgresBinaries(
            directory: directory,
            psql: try self.findClient("psql", near: directory, environment: environment),
            pgIsReady: try self.findClient("pg_isready", near: directory, environment: environment)
        )
    }

    /// True when ``discover(binDirectory:environment:preferredMajorVersion:)`` would succeed (for tests and
    /// for choosing a default mode).
    public static func areAvailable(binDirectory: String? = nil) -> Bool {
        (try? self.discover(binDirectory: binDirectory)) != nil
    }

    /// Whether `directory` holds all the server programs.
    static func isServerDirectory(_ directory: String) -> Bool {
        self.serverPrograms.allSatisfy { FileSystem.isExecutableFile(directory + "/" + $0) }
    }

    private static func findServerDirectory(
        binDirectory: String?,
        environment: [String: String],
        preferredMajorVersion: String?
    ) throws(EmbeddedPostgresError) -> String {
        if let binDirectory {
            let absolute = FileSystem.absolutePath(binDirectory)
            guard self.isServerDirectory(absolute) else { throw .binariesNotFound(searched: [absolute]) }
            return absolute
        }
        if let pgBin = environment["PG_BIN"], !pgBin.isEmpty {
            let absolute = FileSystem.absolutePath(pgBin)
            guard self.isServerDirectory(absolute) else { throw .binariesNotFound(searched: ["PG_BIN=\(absolute)"]) }
            return absolute
        }
        var searched: [String] = []
        if let preferredMajorVersion {
            let candidate = "\(self.debianRoot)/\(preferredMajorVersion)/bin"
            if self.isServerDirectory(candidate) { return candidate }
        }
        let versions = ((try? FileSystem.contentsOfDirectory(self.debianRoot)) ?? [])
            .sorted { self.versionKey($0).lexicographicallyPrecedes(self.versionKey($1)) }
        for version in versions.reversed() {
            let candidate = "\(self.debianRoot)/\(version)/bin"
            if self.isServerDirectory(candidate) { return candidate }
        }
        searched.append("\(self.debianRoot)/*/bin")
        if let pgConfig = ProcessEnvironment.findExecutable("pg_config", environment: environment) {
            let command = Command(
                executable: pgConfig,
                arguments: ["--bindir"],
                environment: ProcessEnvironment.forChild()
            )
            if let result = try? ChildProcess.runBlocking(command, timeout: .seconds(10)), result.status.isSuccess {
                let directory = result.output.trimmingTrailingWhitespace()
                if !directory.isEmpty {
                    searched.append(directory)
                    if self.isServerDirectory(directory) { return directory }
                }
            }
        } else {
            searched.append("pg_config (not on PATH)")
        }
        throw .binariesNotFound(searched: searched)
    }

    private static func findClient(
        _ name: String,
        near directory: String,
        environment: [String: String]
    ) throws(EmbeddedPostgresError) -> String {
        let sibling = directory + "/" + name
        if FileSystem.isExecutableFile(sibling) { return sibling }
        if let found = ProcessEnvironment.findExecutable(name, environment: environment) { return found }
        throw .clientToolNotFound(name: name, searched: [directory, "PATH"])
    }

    /// "9.6" → [9, 6]; "16" → [16]; names that are not versions sort first.
    private static func versionKey(_ name: String) -> [Int] {
        let parts = name.split(separator: ".").map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return [-1] }
        return parts.map { $0! }
    }
}
