import Logging
import Synchronization

/// A logger whose entries a test can read: every message with its level and metadata, flattened to text.
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
    func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "e2e-agent") { _ in Handler(capture: self) }
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

    /// The result ids of every "check finished" line, in log order.
    var finishedResultIDs: [String] {
        self.matching("check finished").compactMap { $0.metadata["result_id"] }
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

/// Reads the binary agent's standard-error log (swift-log's `StreamLogHandler`: `... key=value [AgentCore] message`).
enum AgentLog {
    /// The lines that contain `fragment`.
    static func lines(_ text: String, containing fragment: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.contains(fragment) }
    }

    /// The value of `key=` on a line (up to the next space), if present.
    static func value(_ key: String, in line: Substring) -> String? {
        guard let range = line.range(of: " \(key)=") ?? line.range(of: ":\(key)=") else { return nil }
        let rest = line[range.upperBound...]
        return String(rest.prefix { $0 != " " })
    }

    /// The result ids of every "check finished" line, in log order.
    static func finishedResultIDs(_ text: String) -> [String] {
        self.lines(text, containing: "check finished").compactMap { self.value("result_id", in: $0) }
    }
}
