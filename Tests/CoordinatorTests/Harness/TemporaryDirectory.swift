import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A temporary directory for one test's files, removed at the end.
struct TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/xcheck-coordinator-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CoordinatorProcess.Failure(description: "mkdtemp failed") }
        self.path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
