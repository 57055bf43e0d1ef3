#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A one-line progress indicator on standard error, redrawn in place; silent when standard error is not a
/// terminal (pipes and CI get no control characters).
final class ProgressLine: Sendable {
    let enabled: Bool
    private let shown = Mutex(false)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ text: String) {
        guard self.enabled else { return }
        self.shown.withLock { $0 = true }
        Terminal.printRaw("\r\u{1B}[2K" + text)
    }

    func clear() {
        guard self.enabled, self.shown.withLock({ let was = $0; $0 = false; return was }) else { return }
        Terminal.printRaw("\r\u{1B}[2K")
    }
}
