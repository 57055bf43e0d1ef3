/// What the embedded PostgreSQL server looks like: where it lives, how it is reached, how it is tuned.
///
/// Everything lives under ``dataDirectory``:
/// - `pgdata/`: the cluster (created by `initdb` on first start, `0700`, owned by the server's user);
/// - `run/`: the Unix socket directory (`0700`, owned by the server's user), the only way in unless ``port``
///   is set;
/// - `postgresql.log`: the server's log (kept below 64 MiB by moving it to `postgresql.log.1` at start);
/// - `postgresql.lock`: held (`flock`) by the coordinator while its server runs, so two coordinators never
///   share a cluster.
///
/// The server trusts every connection that reaches it, without a password. That is safe because by default it
/// listens only on a Unix socket in a `0700` directory owned by the server's user: only that user and root
/// can connect. With ``port`` set it also listens on TCP, on `127.0.0.1` only, and then **any local user or
/// process on this machine can connect as the superuser**: set a port only on a machine (or container) whose
/// local users are all trusted.
public struct EmbeddedPostgresConfiguration: Sendable {
    /// The coordinator's data directory (`--data-dir`); created if missing. Relative paths are resolved
    /// against the working directory when the server starts.
    public var dataDirectory: String
    /// The directory holding `postgres`, `initdb` and `pg_ctl`; nil discovers it (see ``PostgresBinaries``).
    public var binDirectory: String?
    /// A TCP port to listen on as well, on `127.0.0.1` only; nil listens on the Unix socket alone
    /// (`listen_addresses = ''`). See the warning on the type.
    public var port: Int?
    /// Extra server settings, written as `name = 'value'` (for example `shared_buffers: "256MB"`,
    /// `max_connections: "200"`). The settings the embedded mode manages (`listen_addresses`, `port`,
    /// `unix_socket_directories`, ...) are refused; `fsync` defaults to `on` and may be overridden.
    public var settings: [String: String]
    /// The superuser `initdb` creates and the coordinator connects as.
    public var superuser: String
    /// The database the coordinator uses; created at start if missing.
    public var database: String
    /// The OS user the server runs as when the coordinator runs as root.
    public var serverUser: String
    /// How long the server may take to accept connections (crash recovery after an unclean stop included).
    public var startupTimeout: Duration
    /// How long a fast shutdown may take before an immediate shutdown is requested.
    public var shutdownTimeout: Duration

    /// A configuration with the coordinator's defaults: socket only, superuser and database `xcheck`.
    public init(
        dataDirectory: String,
        binDirectory: String? = nil,
        port: Int? = nil,
        settings: [String: String] = [:],
        superuser: String = "xcheck",
        database: String = "xcheck",
        serverUser: String = "postgres",
        startupTimeout: Duration = .seconds(120),
        shutdownTimeout: Duration = .seconds(30)
    ) {
        self.dataDirectory = dataDirectory
        self.binDirectory = binDirectory
        self.port = port
        self.settings = settings
        self.superuser = superuser
        self.database = database
        self.serverUser = serverUser
        self.startupTimeout = startupTimeout
        self.shutdownTimeout = shutdownTimeout
    }

    /// The cluster directory, `<dataDirectory>/pgdata` (absolute).
    public var clusterDirectory: String { self.layout.cluster }
    /// The Unix socket directory, `<dataDirectory>/run` (absolute).
    public var socketDirectory: String { self.layout.socketDirectory }
    /// The server log, `<dataDirectory>/postgresql.log` (absolute).
    public var logFile: String { self.layout.logFile }

    /// The socket URL of the server of this data directory, for a second process (an admin command) to
    /// reach a server that the coordinator already runs.
    public var socketURL: String {
        ConnectionURL.socket(user: self.superuser, database: self.database, socketDirectory: self.socketDirectory, port: self.effectivePort)
    }

    /// The port the server uses: ``port``, or PostgreSQL's default 5432 (which then only names the socket file).
    var effectivePort: Int { self.port ?? 5432 }

    /// The absolute paths of everything under ``dataDirectory``.
    var layout: ClusterLayout { ClusterLayout(dataDirectory: self.dataDirectory) }
}
