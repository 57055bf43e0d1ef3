import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension TestEnvironment {
    /// The environment variable `name`; nil when it is unset or empty.
    public static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// `XCHECK_TEST_DATABASE_URL`: the test PostgreSQL server on 127.0.0.1 (its role may create databases); nil
    /// when the database tests are not enabled.
    public static var databaseURL: String? { self.variable("XCHECK_TEST_DATABASE_URL") }

    /// `prefix` plus 12 random hex digits (a database, a label, an agent name).
    public static func uniqueName(_ prefix: String) -> String {
        let digits = Array("0123456789abcdef")
        return prefix + String((0..<12).map { _ in digits[Int.random(in: 0..<16)] })
    }

    /// `url` with its path (the database name) replaced, keeping user, password, host, port and query.
    public static func url(_ url: String, database: String) throws -> String {
        guard let schemeEnd = url.range(of: "://") else { throw TestFailure("the test database URL has no scheme") }
        let afterScheme = url[schemeEnd.upperBound...]
        let queryStart = afterScheme.firstIndex(of: "?") ?? afterScheme.endIndex
        let authorityEnd = afterScheme[..<queryStart].firstIndex(of: "/") ?? queryStart
        return String(url[..<authorityEnd]) + "/" + database + String(afterScheme[queryStart...])
    }
}
