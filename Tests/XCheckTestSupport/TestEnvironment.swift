#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Facts about the test run.
public enum TestEnvironment {
    /// The package root (found from this file's path).
    public static let packageRoot: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/XCheckTestSupport/TestEnvironment.swift
        return parts.joined(separator: "/")
    }()

    /// The folder of the test TLS material (a CA and a server certificate for 127.0.0.1 and localhost).
    public static var tlsFixtures: String { "\(self.packageRoot)/Tests/Fixtures/tls" }

    /// True when the tests run inside the private network namespace that deploy/dev/test.sh creates: only
    /// loopback, no route out, a private resolver. Tests that resolve names or dial unroutable addresses run
    /// only then, so that nothing ever leaves the machine.
    public static var isIsolated: Bool {
        guard let flag = getenv("XCHECK_TEST_ISOLATED"), String(cString: flag) == "1" else { return false }
        return !self.hasDefaultRoute()
    }

    /// Reads /proc/net/route: true when any IPv4 route other than via loopback exists.
    static func hasDefaultRoute() -> Bool {
        guard let file = fopen("/proc/net/route", "r") else { return true }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        var first = true
        while fgets(&line, Int32(line.count), file) != nil {
            if first { first = false; continue }
            let text = String(cString: line)
            let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let interface = fields.first, interface != "lo" { return true }
        }
        return false
    }

    /// The folder of the built products (`.build/debug` unless XCHECK_BIN_DIR says otherwise).
    public static var binDirectory: String {
        if let dir = getenv("XCHECK_BIN_DIR") { return String(cString: dir) }
        return "\(self.packageRoot)/.build/debug"
    }
}
