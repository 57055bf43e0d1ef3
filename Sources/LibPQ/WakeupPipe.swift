#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A non-blocking pipe used to interrupt a thread sleeping in `poll()`: writing one byte makes the read end
/// readable.
final class WakeupPipe: Sendable {
    /// The end to include in `poll()`.
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Creates the pipe; nil when the process is out of descriptors.
    init?() {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return nil }
        for descriptor in descriptors {
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        self.readDescriptor = descriptors[0]
        self.writeDescriptor = descriptors[1]
    }

    deinit {
        close(self.readDescriptor)
        close(self.writeDescriptor)
    }

    /// Makes the read end readable. Safe from any thread; never blocks (a full pipe is already readable).
    func signal() {
        var byte: UInt8 = 1
        while write(self.writeDescriptor, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Empties the pipe.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(self.readDescriptor, &buffer, buffer.count)
            if count > 0 { continue }
            if count < 0 && errno == EINTR { continue }
            return
        }
    }
}
