import LibPQ
import Synchronization
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Holds `LOCK TABLE results IN SHARE ROW EXCLUSIVE MODE` in an open transaction on a connection of its own:
/// the coordinator's result inserts wait (its reads do not), so a batch an agent sends hangs at the
/// coordinator, unacknowledged, until ``release()``; then the coordinator commits it, whether the agent is still
/// there to hear the answer or not.
final class ResultsTableLock: Sendable {
    private enum Phase { case starting, locked, released, failed(String) }
    private let phase = Mutex(Phase.starting)
    private let done = Flag()

    /// Takes the lock (waits until it is held, at most 30 s).
    static func take(_ database: ScratchDatabase) async throws -> ResultsTableLock {
        let lock = ResultsTableLock()
        var configuration = try PostgresConnection.Configuration(url: database.url)
        configuration.applicationName = "xcheck-agent-e2e-lock"
        configuration.connectTimeout = .seconds(5)
        let final = configuration
        Task {
            _ = try? await OffPool.run { lock.hold(final) }
            lock.done.set()
        }
        try await eventually("the results table locked", within: .seconds(30), interval: .milliseconds(10)) {
            switch lock.phase.withLock({ $0 }) {
            case .locked: return true
            case .failed(let reason): throw E2E.Failure("could not lock the results table: \(reason)")
            default: return false
            }
        }
        return lock
    }

    /// Runs on a thread of its own: lock, wait for the release (at most 120 s), roll back.
    private func hold(_ configuration: PostgresConnection.Configuration) {
        do {
            let connection = try PostgresConnection.connect(configuration)
            defer { connection.close() }
            _ = try connection.execute("BEGIN")
            _ = try connection.execute("LOCK TABLE results IN SHARE ROW EXCLUSIVE MODE")
            self.phase.withLock { $0 = .locked }
            var waited = 0
            while waited < 120_000 {
                if case .released = self.phase.withLock({ $0 }) { break }
                usleep(5_000)
                waited += 5
            }
            _ = try connection.execute("ROLLBACK")
        } catch {
            self.phase.withLock { $0 = .failed("\(error)") }
        }
    }

    /// Ends the transaction; the coordinator's waiting inserts go ahead.
    func release() async throws {
        self.phase.withLock { phase in
            if case .locked = phase { phase = .released }
        }
        try await eventually("the results table unlocked", within: .seconds(30), interval: .milliseconds(10)) { self.done.isSet }
    }
}
