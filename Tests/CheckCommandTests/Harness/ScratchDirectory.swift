import Foundation
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A temporary directory (mode 755), removed by ``remove()``.
struct ScratchDirectory: Sendable {
    let path: String

    init(prefix: String = "xcheck-check-cli") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ChildProcess.Failure(description: "mkdtemp failed") }
        self.path = String(cString: made)
        chmod(self.path, 0o755)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }

    /// A new subfolder.
    func folder(_ name: String) throws -> String {
        let path = "\(self.path)/\(name)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes a file and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = "\(self.path)/\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
