import Logging
import Synchronization

/// A logger whose entries tests can read: every message with its level and metadata, flattened to text.
final class LogCapture: Sendable {
    struct Entry: Sendable, CustomStringConvertible {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
        var description: String {
            "\(self.level) \(self.message) \(self.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        }
    }

    private let entries = Mutex<[Entry]>([])

    /// A logger writing here, at `level` and above.
    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "test") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    var all: [Entry] { self.entries.withLock { $0 } }

    /// Every entry as one text, for "never appears" checks.
    var text: String { self.all.map(\.description).joined(separator: "\n") }

    /// The entries whose message contains `fragment`.
    func matching(_ fragment: String) -> [Entry] {
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
