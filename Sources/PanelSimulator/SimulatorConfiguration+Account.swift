extension SimulatorConfiguration {
    /// One line (subscription) known to the simulated panel.
    public struct Account: Sendable, Hashable {
        /// The line's state as the panel's database has it.
        public enum Status: String, Sendable, Hashable, CaseIterable {
            /// Enabled; shown as `Active` until its expiry passes, then as `Expired`.
            case active
            /// Shown as `Expired` whatever the expiry says.
            case expired
            /// `admin_enabled = 0`: shown as `Banned`.
            case banned
            /// `enabled = 0`: shown as `Disabled`.
            case disabled
        }

        /// Login name; matched exactly (case-sensitive, no trimming).
        public var username: String
        /// Stored password; real panels echo it back in `user_info.password`.
        public var password: String
        /// The line's state in the panel database.
        public var status: Status
        /// Absolute expiry in epoch seconds. When both `expiresAt` and `expiresIn` are `nil` the line never expires.
        public var expiresAt: Int64?
        /// Expiry relative to the panel clock at request time, in seconds (negative = already expired). Used when
        /// `expiresAt` is `nil`.
        public var expiresIn: Int64?
        /// Reported as `is_trial`.
        public var isTrial: Bool
        /// Reported as `active_cons`.
        public var activeConnections: Int
        /// 0 means unlimited.
        public var maxConnections: Int

        /// Creates a line; the password defaults to `"secret"`.
        public init(
            username: String,
            password: String = "secret",
            status: Status = .active,
            expiresAt: Int64? = nil,
            expiresIn: Int64? = nil,
            isTrial: Bool = false,
            activeConnections: Int = 0,
            maxConnections: Int = 1
        ) {
            self.username = username
            self.password = password
            self.status = status
            self.expiresAt = expiresAt
            self.expiresIn = expiresIn
            self.isTrial = isTrial
            self.activeConnections = activeConnections
            self.maxConnections = maxConnections
        }

        /// The expiry in epoch seconds for a panel clock reading `now`, or `nil` for never.
        public func expiry(now: Int64) -> Int64? {
            if let expiresAt { return expiresAt }
            if let expiresIn { return now + expiresIn }
            return nil
        }

        /// The password shared by the default lines, except `special`.
        public static let defaultPassword = "secret"
        /// The `special` line's password: characters that break unencoded URLs.
        public static let specialPassword = "p&ss#w+rd %/é"

        private static let day: Int64 = 86_400

        /// The default lines: `active`, `expired`, `banned`, `disabled`, `trial`, `maxed`, `unlimited` and
        /// `special` (password ``specialPassword``); all others use the password `"secret"`.
        public static let defaults: [Account] = [
            Account(username: "active", expiresIn: 30 * day, maxConnections: 2),
            Account(username: "expired", status: .expired, expiresIn: -3 * day),
            Account(username: "banned", status: .banned, expiresIn: 30 * day),
            Account(username: "disabled", status: .disabled, expiresIn: 30 * day),
            Account(username: "trial", expiresIn: 7 * day, isTrial: true),
            Account(username: "maxed", expiresIn: 30 * day, activeConnections: 2, maxConnections: 2),
            Account(username: "unlimited", maxConnections: 0),
            Account(username: "special", password: specialPassword, expiresIn: 30 * day),
        ]
    }
}
