#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to stdout and stderr, so a parent process sees each line at once.
enum StandardStreams {
    static func writeLine(_ text: String, toStandardError: Bool = false) {
        let descriptor = toStandardError ? STDERR_FILENO : STDOUT_FILENO
        var bytes = Array((text + "\n").utf8)
        var offset = 0
        var attempts = 0
        while offset < bytes.count, attempts < 1_000 {
            attempts += 1
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        bytes.removeAll()
    }
}
