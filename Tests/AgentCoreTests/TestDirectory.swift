import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A fresh directory under /tmp, removed with everything in it by ``remove()``.
struct TestDirectory: Sendable {
    let path: String

    init() {
        self.path = "/tmp/xcheck-agent-test-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: false)
    }

    /// A path inside the directory.
    func file(_ name: String) -> String { "\(self.path)/\(name)" }

    /// Deletes the directory tree.
    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }

    /// The bytes of a file.
    func read(_ name: String) -> [UInt8] {
        guard let file = fopen(self.file(name), "rb") else { return [] }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            bytes += buffer[0..<n]
            if n < buffer.count { break }
        }
        return bytes
    }

    /// Replaces a file's bytes.
    func write(_ name: String, _ bytes: [UInt8]) {
        let file = fopen(self.file(name), "wb")!
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        fclose(file)
    }

    /// True when the file exists.
    func exists(_ name: String) -> Bool { access(self.file(name), F_OK) == 0 }

    /// The names in the directory.
    func list() -> [String] {
        guard let dir = opendir(self.path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
