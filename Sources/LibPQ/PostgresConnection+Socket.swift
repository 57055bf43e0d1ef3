internal import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresConnection {
    /// The connection's socket (`PQsocket`), -1 when closed or broken.
    var socketDescriptor: Int32 {
        guard let handle = self.handle else { return -1 }
        return PQsocket(handle)
    }

    /// Reads whatever the server sent without blocking (`PQconsumeInput`).
    /// - Returns: false when the connection is broken.
    func consumeInput() -> Bool {
        guard let handle = self.handle else { return false }
        return PQconsumeInput(handle) == 1 && PQstatus(handle) == CONNECTION_OK
    }

    /// The notifications libpq has received so far (`PQnotifies`).
    func takeNotifications() -> [PostgresNotification] {
        guard let handle = self.handle else { return [] }
        var notifications: [PostgresNotification] = []
        while let notify = PQnotifies(handle) {
            notifications.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: notify.pointee.extra.map { String(cString: $0) } ?? "",
                    processID: notify.pointee.be_pid
                )
            )
            PQfreemem(notify)
        }
        return notifications
    }

    /// Checks, without a round trip, that an idle connection still works: reads anything pending on its
    /// socket, so that a server restart or a terminated backend (which close the socket) is noticed before
    /// the connection is handed out. Non-blocking.
    /// - Returns: false when the connection is broken or not idle.
    func isHealthyIdle() -> Bool {
        guard let handle = self.handle, PQstatus(handle) == CONNECTION_OK else { return false }
        let descriptor = PQsocket(handle)
        guard descriptor >= 0 else { return false }
        for _ in 0..<8 {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, 0)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            if PQconsumeInput(handle) == 0 { return false }
            if PQstatus(handle) != CONNECTION_OK { return false }
        }
        _ = self.takeNotifications()
        return PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }
}
