/// The absolute paths the embedded server uses under the coordinator's data directory.
struct ClusterLayout: Sendable {
    /// The data directory itself.
    let root: String

    init(dataDirectory: String) {
        self.root = FileSystem.absolutePath(dataDirectory)
    }

    /// The cluster (`PGDATA`).
    var cluster: String { self.root + "/pgdata" }
    /// Where `initdb` builds a new cluster before it is renamed to ``cluster``, so an interrupted `initdb`
    /// never leaves half a cluster in place.
    var staging: String { self.root + "/pgdata.initdb" }
    /// The Unix socket directory.
    var socketDirectory: String { self.root + "/run" }
    /// The server's log.
    var logFile: String { self.root + "/postgresql.log" }
    /// The coordinator's lock on the data directory.
    var lockFile: String { self.root + "/postgresql.lock" }
    /// The settings file the coordinator rewrites on every start.
    var settingsFile: String { self.cluster + "/" + ClusterSettings.fileName }
    /// The cluster's main configuration file.
    var mainSettingsFile: String { self.cluster + "/postgresql.conf" }
    /// PostgreSQL's lock file, naming the running postmaster.
    var pidFile: String { self.cluster + "/postmaster.pid" }
    /// The cluster's major version.
    var versionFile: String { self.cluster + "/PG_VERSION" }

    /// The socket file for `port`.
    func socketPath(port: Int) -> String {
        self.socketDirectory + "/.s.PGSQL.\(port)"
    }
}
