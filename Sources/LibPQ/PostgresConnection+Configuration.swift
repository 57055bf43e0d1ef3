internal import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresConnection {
    /// Where and how to connect. Parsed by libpq's own parser (`PQconninfoParse`) and handed to
    /// `PQconnectdbParams` as keyword/value arrays: no connection string is ever assembled by interpolation.
    ///
    /// ```swift
    /// var configuration = try PostgresConnection.Configuration(url: "postgres://xcheck@127.0.0.1:5432/xcheck?sslmode=disable")
    /// configuration.statementTimeout = .seconds(10)
    /// ```
    ///
    /// `description` never shows the password.
    public struct Configuration: Sendable, CustomStringConvertible {
        struct Parameter: Sendable, Hashable {
            var keyword: String
            var value: String
        }

        /// Keyword/value pairs from the URL or conninfo, without those the properties below own.
        private(set) var parameters: [Parameter]
        /// The URL's own `options` value, kept in front of the settings this type adds.
        private var baseOptions: String?

        /// `application_name`, shown in `pg_stat_activity`. Default: the URL's, else `xcheck`.
        public var applicationName: String
        /// libpq's `connect_timeout`, applied per host; libpq counts whole seconds (rounded up here) and treats
        /// anything below 2 s as 2 s. Default: the URL's `connect_timeout`, else 5 seconds.
        public var connectTimeout: Duration
        /// The server's `statement_timeout` for the session (`options=-c statement_timeout=...`); nil keeps the
        /// server's default. Default: nil.
        public var statementTimeout: Duration?
        /// Further server settings for the session, each sent as `-c name=value` in `options`
        /// (e.g. `["search_path": "xcheck"]`). Default: empty.
        public var serverSettings: [String: String]

        /// Parses a `postgres://` or `postgresql://` URL, e.g.
        /// `postgres://user:pass@host:5432/db?sslmode=require&connect_timeout=3`.
        /// - Throws: ``PostgresError`` with code `.connectionFailed` when the URL is malformed. The message
        ///   never repeats the URL (it may contain a password).
        public init(url: String) throws {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw PostgresError(
                    code: .connectionFailed, message: "the connection URL must start with postgres:// or postgresql://")
            }
            try self.init(parsing: url)
        }

        /// Parses a libpq key/value connection string, e.g. `host=127.0.0.1 port=5432 dbname=xcheck user=xcheck`.
        /// - Throws: ``PostgresError`` with code `.connectionFailed` when the string is malformed.
        public init(conninfo: String) throws {
            try self.init(parsing: conninfo)
        }

        private init(parsing text: String) throws {
            var errorMessage: UnsafeMutablePointer<CChar>?
            guard let options = PQconninfoParse(text, &errorMessage) else {
                if let errorMessage { PQfreemem(errorMessage) }
                // libpq's message can quote the malformed part, which may be the password: keep it out.
                throw PostgresError(code: .connectionFailed, message: "the connection string could not be parsed")
            }
            defer { PQconninfoFree(options) }
            var parameters: [Parameter] = []
            var applicationName: String?
            var connectTimeout: Duration?
            var baseOptions: String?
            var option = options
            while let keyword = option.pointee.keyword {
                defer { option += 1 }
                guard let rawValue = option.pointee.val else { continue }
                let name = String(cString: keyword)
                let value = String(cString: rawValue)
                switch name {
                case "application_name":
                    applicationName = value
                case "connect_timeout":
                    guard let seconds = Int(value.trimmingWhitespace()) else {
                        throw PostgresError(
                            code: .connectionFailed, message: "connect_timeout must be a whole number of seconds")
                    }
                    connectTimeout = .seconds(seconds)
                case "options":
                    baseOptions = value
                case "client_encoding", "fallback_application_name":
                    continue
                default:
                    parameters.append(Parameter(keyword: name, value: value))
                }
            }
            self.parameters = parameters
            self.baseOptions = baseOptions
            self.applicationName = applicationName ?? "xcheck"
            self.connectTimeout = connectTimeout ?? .seconds(5)
            self.statementTimeout = nil
            self.serverSettings = [:]
        }

        /// The host (or socket directory) to connect to, when given.
        public var host: String? { self.value(for: "host") ?? self.value(for: "hostaddr") }
        /// The port, when given.
        public var port: Int? { self.value(for: "port").flatMap { Int($0) } }
        /// The database name, when given.
        public var database: String? { self.value(for: "dbname") }
        /// The user name, when given.
        public var user: String? { self.value(for: "user") }

        public var description: String {
            "postgres://\(self.user.map { "\($0)@" } ?? "")\(self.host ?? "")\(self.port.map { ":\($0)" } ?? "")/\(self.database ?? "")"
                + " (application_name=\(self.applicationName))"
        }

        private func value(for keyword: String) -> String? {
            self.parameters.last(where: { $0.keyword == keyword })?.value
        }

        /// The final keyword/value list for `PQconnectdbParams`.
        var connectParameters: [Parameter] {
            var result = self.parameters
            result.append(Parameter(keyword: "application_name", value: self.applicationName))
            result.append(Parameter(keyword: "client_encoding", value: "UTF8"))
            let seconds = self.connectTimeout.nanosecondsClamped
            if seconds > 0 {
                let whole = (seconds + 999_999_999) / 1_000_000_000
                result.append(Parameter(keyword: "connect_timeout", value: String(max(1, whole))))
            }
            var options: [String] = []
            if let baseOptions = self.baseOptions, !baseOptions.trimmingWhitespace().isEmpty {
                options.append(baseOptions)
            }
            if let statementTimeout = self.statementTimeout {
                let milliseconds = max(Int64(0), statementTimeout.nanosecondsClamped / 1_000_000)
                options.append("-c statement_timeout=\(milliseconds)")
            }
            for (name, value) in self.serverSettings.sorted(by: { $0.key < $1.key }) {
                options.append("-c " + Self.escapeOption("\(name)=\(value)"))
            }
            if !options.isEmpty {
                result.append(Parameter(keyword: "options", value: options.joined(separator: " ")))
            }
            return result
        }

        /// Escapes spaces and backslashes for libpq's `options` (the server splits it on unescaped whitespace).
        static func escapeOption(_ text: String) -> String {
            var escaped = ""
            for character in text {
                if character == "\\" || character == " " || character == "\t" { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped
        }

        /// Calls `body` with NULL-terminated keyword and value arrays that live for the duration of the call.
        func withConnectParameters<T>(
            _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) throws -> T
        ) rethrows -> T {
            let parameters = self.connectParameters
            var keywords: [UnsafeMutablePointer<CChar>?] = parameters.map { strdup($0.keyword) }
            var values: [UnsafeMutablePointer<CChar>?] = parameters.map { strdup($0.value) }
            defer {
                for pointer in keywords { free(pointer) }
                for pointer in values { free(pointer) }
            }
            keywords.append(nil)
            values.append(nil)
            let constKeywords = keywords.map { UnsafePointer($0) }
            let constValues = values.map { UnsafePointer($0) }
            return try constKeywords.withUnsafeBufferPointer { keywordBuffer in
                try constValues.withUnsafeBufferPointer { valueBuffer in
                    try body(keywordBuffer.baseAddress!, valueBuffer.baseAddress!)
                }
            }
        }
    }
}
