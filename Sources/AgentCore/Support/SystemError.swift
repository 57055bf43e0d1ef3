#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed system call: which call, on what, and the `errno` it set.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The C function that failed, e.g. `fsync`.
    public var call: String
    /// The `errno` value.
    public var code: Int32
    /// The file or address the call worked on, when there is one.
    public var subject: String?

    public init(call: String, code: Int32, subject: String? = nil) {
        self.call = call
        self.code = code
        self.subject = subject
    }

    /// The error for the `errno` the failed call just set (read it before anything else can change it).
    static func last(_ call: String, _ subject: String? = nil) -> SystemError {
        SystemError(call: call, code: errno, subject: subject)
    }

    public var description: String {
        let message = String(cString: strerror(self.code))
        if let subject = self.subject { return "\(self.call)(\(subject)): \(message) (errno \(self.code))" }
        return "\(self.call): \(message) (errno \(self.code))"
    }
}
