import Logging
import Synchronization

/// Collects log messages so tests can check what the service said.
final class LogCapture: Sendable {
    private let messages = Mutex<[String]>([])
    private let clock = ContinuousClock()
    private let origin = ContinuousClock().now

    /// A logger writing into this capture.
    func logger(label: String = "embedded-postgres-test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .debug
        return logger
    }

    /// Everything logged so far.
    var all: [String] { self.messages.withLock { $0 } }

    /// True when some message contains `text`.
    func contains(_ text: String) -> Bool {
        self.all.contains { $0.contains(text) }
    }

    fileprivate func append(_ message: String) {
        let elapsed = self.clock.now - self.origin
        self.messages.withLock { $0.append("[\(elapsed)] \(message)") }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            self.capture.append("\(event.level): \(event.message) \(event.metadata ?? [:])")
        }
    }
}
