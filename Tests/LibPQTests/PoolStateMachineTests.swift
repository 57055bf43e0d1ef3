import Testing

@testable import LibPQ

/// The pool's bookkeeping without a server or threads: events in, actions out.
@Suite("PoolStateMachine")
struct PoolStateMachineTests {
    final class FakeConnection: Sendable {
        let number: Int
        init(_ number: Int) { self.number = number }
    }

    typealias Machine = PoolStateMachine<FakeConnection, String>

    static func machine(minimum: Int = 0, maximum: Int = 2, pending: Int = 10) -> Machine {
        Machine(
            limits: .init(
                minimumConnections: minimum,
                maximumConnections: maximum,
                maximumPendingRequests: pending,
                acquireTimeout: .seconds(1),
                idleTimeout: .seconds(60)
            )
        )
    }

    let start = ContinuousClock.now

    @Test("a request with nothing idle waits and starts one connection; the connection goes to it")
    func firstRequest() {
        var machine = Self.machine()
        let actions = machine.acquire(id: 1, request: "a", now: self.start)
        #expect(actions.count == 2)
        #expect(actions.contains { if case .connect = $0 { true } else { false } })
        #expect(machine.connecting == 1)
        let connection = FakeConnection(1)
        let run = machine.connectSucceeded(connection, now: self.start)
        guard case .run(let request, let leased, let id) = run.first else {
            Issue.record("expected .run, got \(run)")
            return
        }
        #expect(request == "a" && leased === connection && id == 1)
        #expect(machine.leasedCount == 1 && machine.openCount == 1)
    }

    @Test("never more than maximumConnections; waiters are served FIFO by released connections")
    func capacityAndFIFO() {
        var machine = Self.machine(maximum: 2)
        var connects = 0
        for id in 1...5 {
            connects +=
                machine.acquire(id: UInt64(id), request: "r\(id)", now: self.start).filter {
                    if case .connect = $0 { true } else { false }
                }.count
        }
        #expect(connects == 2)
        #expect(machine.openCount == 2)
        let first = FakeConnection(1)
        let second = FakeConnection(2)
        _ = machine.connectSucceeded(first, now: self.start)
        _ = machine.connectSucceeded(second, now: self.start)
        #expect(machine.waitingCount == 3)
        var served: [String] = []
        for (id, connection) in [(UInt64(1), first), (2, second), (3, first), (4, second)] {
            for action in machine.release(id: id, connection: connection, now: self.start) {
                if case .run(let request, _, _) = action { served.append(request) }
            }
        }
        #expect(served == ["r3", "r4", "r5"])
        #expect(machine.openCount <= 2)
    }

    @Test("the pending limit fails the next request with tooManyPending")
    func pendingLimit() {
        var machine = Self.machine(maximum: 1, pending: 1)
        _ = machine.acquire(id: 1, request: "a", now: self.start)
        let actions = machine.acquire(id: 2, request: "b", now: self.start)
        guard case .fail("b", .error(let error)) = actions.first else {
            Issue.record("expected a failure, got \(actions)")
            return
        }
        #expect(error.code == .tooManyPending)
    }

    @Test("waiters past the acquire timeout fail with poolTimeout on the next tick")
    func acquireTimeout() {
        var machine = Self.machine(maximum: 1)
        _ = machine.acquire(id: 1, request: "a", now: self.start)
        let early = machine.tick(now: self.start + .milliseconds(500))
        #expect(early.actions.isEmpty)
        #expect(early.nextTick == self.start + .seconds(1))
        let late = machine.tick(now: self.start + .seconds(1))
        guard case .fail("a", .error(let error)) = late.actions.first else {
            Issue.record("expected a timeout, got \(late.actions)")
            return
        }
        #expect(error.code == .poolTimeout)
        #expect(machine.waitingCount == 0)
    }

    @Test("cancelling a waiter fails it; cancelling a lease asks for PQcancel once")
    func cancellation() {
        var machine = Self.machine(maximum: 1)
        _ = machine.acquire(id: 1, request: "a", now: self.start)
        _ = machine.acquire(id: 2, request: "b", now: self.start)
        let connection = FakeConnection(1)
        _ = machine.connectSucceeded(connection, now: self.start)
        guard case .fail("b", .cancelled) = machine.cancel(id: 2).first else {
            Issue.record("expected the waiter to fail")
            return
        }
        guard case .cancelQuery(let target, 1) = machine.cancel(id: 1).first else {
            Issue.record("expected a cancel request")
            return
        }
        #expect(target === connection)
        #expect(machine.isLeaseCancelled(id: 1))
        #expect(machine.cancel(id: 1).isEmpty)
        #expect(machine.cancel(id: 99).isEmpty)
    }

    @Test("a failed connection attempt fails the oldest waiter and retries for the others")
    func connectFailure() {
        var machine = Self.machine(maximum: 1)
        _ = machine.acquire(id: 1, request: "a", now: self.start)
        _ = machine.acquire(id: 2, request: "b", now: self.start)
        let failure = PostgresError(code: .connectionFailed, message: "refused")
        let actions = machine.connectFailed(failure, now: self.start)
        guard case .fail("a", .error(let error)) = actions.first else {
            Issue.record("expected a failure, got \(actions)")
            return
        }
        #expect(error.code == .connectionFailed)
        #expect(actions.contains { if case .connect = $0 { true } else { false } })
        #expect(machine.waitingCount == 1)
    }

    @Test("a stale connection found at lease time sends the request back to the front of the queue")
    func leaseRejected() {
        var machine = Self.machine(maximum: 1)
        _ = machine.acquire(id: 1, request: "a", now: self.start)
        _ = machine.acquire(id: 2, request: "b", now: self.start)
        _ = machine.connectSucceeded(FakeConnection(1), now: self.start)
        let actions = machine.leaseRejected(id: 1, request: "a", now: self.start)
        #expect(actions.contains { if case .connect = $0 { true } else { false } })
        let replacement = FakeConnection(2)
        guard case .run("a", _, 1) = machine.connectSucceeded(replacement, now: self.start).first else {
            Issue.record("expected the rejected request to run first")
            return
        }
    }

    @Test("idle connections above the minimum close after the idle timeout; the minimum is kept")
    func idleTimeout() {
        var machine = Machine(
            limits: .init(
                minimumConnections: 1, maximumConnections: 3, maximumPendingRequests: 10, acquireTimeout: .seconds(1),
                idleTimeout: .seconds(60))
        )
        let opening = machine.tick(now: self.start)
        #expect(opening.actions.count == 1)
        _ = machine.connectSucceeded(FakeConnection(1), now: self.start)
        _ = machine.acquire(id: 1, request: "a", now: self.start)
        _ = machine.acquire(id: 2, request: "b", now: self.start)
        _ = machine.connectSucceeded(FakeConnection(2), now: self.start)
        _ = machine.release(id: 1, connection: FakeConnection(1), now: self.start)
        _ = machine.release(id: 2, connection: FakeConnection(2), now: self.start + .seconds(10))
        #expect(machine.idleCount == 2)
        let tick = machine.tick(now: self.start + .seconds(61))
        #expect(tick.actions.count == 1)
        #expect(machine.idleCount == 1)
        _ = machine.closed()
        #expect(machine.tick(now: self.start + .seconds(200)).actions.isEmpty)
        #expect(machine.openCount == 1)
    }

    @Test("a failed background connection backs off before the next attempt")
    func backgroundBackoff() {
        var machine = Self.machine(minimum: 1, maximum: 1)
        #expect(machine.tick(now: self.start).actions.count == 1)
        _ = machine.connectFailed(PostgresError(code: .connectionFailed, message: "down"), now: self.start)
        let soon = machine.tick(now: self.start + .milliseconds(50))
        #expect(soon.actions.isEmpty)
        #expect(soon.nextTick == self.start + .milliseconds(100))
        #expect(machine.tick(now: self.start + .milliseconds(100)).actions.count == 1)
    }

    @Test("shutdown fails waiters, closes idle connections, waits for leases, then finishes once")
    func shutdown() {
        var machine = Self.machine(maximum: 2)
        _ = machine.acquire(id: 1, request: "a", now: self.start)
        _ = machine.acquire(id: 2, request: "b", now: self.start)
        _ = machine.connectSucceeded(FakeConnection(1), now: self.start)
        _ = machine.connectSucceeded(FakeConnection(2), now: self.start)
        _ = machine.release(id: 2, connection: FakeConnection(2), now: self.start)
        _ = machine.acquire(id: 3, request: "c", now: self.start)  // takes the idle one
        _ = machine.release(id: 3, connection: FakeConnection(2), now: self.start)
        _ = machine.acquire(id: 4, request: "d", now: self.start)
        _ = machine.acquire(id: 5, request: "e", now: self.start)
        let actions = machine.shutdown()
        let failed = actions.compactMap { action -> String? in
            if case .fail(let request, .error(let error)) = action, error.code == .closed { return request }
            return nil
        }
        #expect(failed == ["e"])
        #expect(machine.shutdown().isEmpty)
        guard case .close = machine.release(id: 1, connection: FakeConnection(1), now: self.start).first else {
            Issue.record("expected the released connection to close")
            return
        }
        guard case .fail("z", .error(let error)) = machine.acquire(id: 9, request: "z", now: self.start).first else {
            Issue.record("expected a closed failure")
            return
        }
        #expect(error.code == .closed)
        _ = machine.release(id: 4, connection: FakeConnection(2), now: self.start)
        _ = machine.closed()
        let last = machine.closed()
        guard case .finishShutdown = last.first else {
            Issue.record("expected finishShutdown, got \(last)")
            return
        }
        #expect(machine.lifecycle == .finished)
    }
}
