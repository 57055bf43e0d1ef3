extension PostgresConnectionPool {
    /// The pool's limits and timeouts.
    public struct Configuration: Sendable {
        /// How each connection is opened.
        public var connection: PostgresConnection.Configuration
        /// Connections kept open even when idle; opened in the background. Default: 0.
        public var minimumConnections: Int = 0
        /// The most connections (and worker threads) the pool opens. Default: 10.
        public var maximumConnections: Int = 10
        /// How long a request waits for a connection before failing with `.poolTimeout`. Default: 10 seconds.
        public var acquireTimeout: Duration = .seconds(10)
        /// How many requests may wait at once; more fail at once with `.tooManyPending`. Default: 1000.
        public var maximumPendingRequests: Int = 1000
        /// How long a connection above the minimum may stay idle before it is closed. Default: 60 seconds.
        public var idleTimeout: Duration = .seconds(60)

        /// libpq's connect timeout for each new connection (whole seconds, at least 2; see
        /// ``PostgresConnection/Configuration/connectTimeout``). Default: 5 seconds.
        public var connectTimeout: Duration {
            get { self.connection.connectTimeout }
            set { self.connection.connectTimeout = newValue }
        }

        /// A configuration with the default limits.
        public init(connection: PostgresConnection.Configuration) {
            self.connection = connection
        }
    }

    /// A snapshot of the pool's counters.
    public struct Statistics: Sendable, Hashable {
        /// Connections open or being opened or closed.
        public var open: Int
        /// Connections waiting to be leased.
        public var idle: Int
        /// Connections running a caller's closure.
        public var leased: Int
        /// Requests waiting for a connection.
        public var waiting: Int
    }
}
