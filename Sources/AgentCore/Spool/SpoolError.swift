/// Why the spool could not do something.
public struct SpoolError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public var description: String { self.name }
        /// Another process holds the spool directory's lock.
        public static let locked = Code(name: "locked")
        /// A file operation failed.
        public static let io = Code(name: "io")
        /// A result could not be encoded.
        public static let encoding = Code(name: "encoding")
        /// The spool was closed.
        public static let closed = Code(name: "closed")
    }

    public var code: Code
    /// A sentence for the log.
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { self.message }
}
