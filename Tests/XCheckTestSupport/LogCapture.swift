public import Logging
import Synchronization

/// A logger whose entries tests can read: every message with its level and metadata, flattened to text.
public final class LogCapture: Sendable {
    /// One logged message.
    public struct Entry: Sendable, CustomStringConvertible {
        public var level: Logger.Level
        public var message: String
        /// The logger's and the message's metadata, values as text.
        public var metadata: [String: String]
        public var description: String {
            "\(self.level) \(self.message) \(self.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        }
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// A logger writing here, at `level` and above.
    public func logger(level: Logger.Level = .trace, label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    /// Every entry so far, in order.
    public var all: [Entry] { self.entries.withLock { $0 } }

    /// Every entry as one text, for "never appears" checks.
    public var text: String { self.all.map(\.description).joined(separator: "\n") }

    /// The entries whose message contains `fragment`.
    public func matching(_ fragment: String) -> [Entry] {
        self.all.filter { $0.message.contains(fragment) }
    }

    fileprivate func append(_ entry: Entry) {
        self.entries.withLock { $0.append(entry) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged: [String: String] = [:]
            for (key, value) in self.metadata { merged[key] = "\(value)" }
            for (key, value) in event.metadata ?? [:] { merged[key] = "\(value)" }
            self.capture.append(Entry(level: event.level, message: "\(event.message)", metadata: merged))
        }
    }
}
