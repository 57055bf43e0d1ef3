import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A simulated Xtream panel listening on loopback, for tests and demos.
///
/// ```swift
/// let simulator = try await PanelSimulator.start(SimulatorConfiguration(family: .xui))
/// // … talk to simulator.baseURL …
/// try await simulator.shutdown()
/// ```
public final class PanelSimulator: Sendable {
    /// The bound port.
    public let port: Int
    /// `http://127.0.0.1:PORT` or `https://…` (`[::1]` for IPv6).
    public let baseURL: String
    /// The configuration the simulator was started with.
    public let configuration: SimulatorConfiguration

    private let serverChannel: any Channel
    private let registry: ConnectionRegistry
    private let recorder: StatsRecorder
    private let isShutDown = Atomic<Bool>(false)

    private init(
        port: Int,
        baseURL: String,
        configuration: SimulatorConfiguration,
        serverChannel: any Channel,
        registry: ConnectionRegistry,
        recorder: StatsRecorder
    ) {
        self.port = port
        self.baseURL = baseURL
        self.configuration = configuration
        self.serverChannel = serverChannel
        self.registry = registry
        self.recorder = recorder
    }

    /// Validates the configuration, binds the listener and starts answering.
    /// Throws ``SimulatorError`` for a non-loopback host, bad mode parameters, unreadable TLS files or a failed bind.
    public static func start(_ configuration: SimulatorConfiguration) async throws -> PanelSimulator {
        try configuration.validate()
        let address = try LoopbackAddress(configuration.host)
        let sslContext = try configuration.tls.map { files throws(SimulatorError) in
            try ChannelSetup.makeSSLContext(files)
        }
        let registry = ConnectionRegistry()
        let recorder = StatsRecorder()
        let box = ListenerContextBox()

        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Accept nothing until the listener context (which needs the bound port) is in place.
            .serverChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let listener = box.value, registry.register(channel) else {
                        throw ChannelError.ioOnClosedChannel
                    }
                    try ChannelSetup.configure(
                        channel.pipeline.syncOperations,
                        listener: listener,
                        sslContext: sslContext
                    )
                }
            }

        let serverChannel: any Channel
        do {
            serverChannel = try await bootstrap.bind(host: address.bindHost, port: configuration.port).get()
        } catch {
            throw SimulatorError.bindFailed(address: "\(address.urlHost):\(configuration.port)", reason: "\(error)")
        }
        guard let boundPort = serverChannel.localAddress?.port else {
            try? await serverChannel.close()
            throw SimulatorError.bindFailed(address: address.urlHost, reason: "no local address after bind")
        }

        let server = ServerIdentity(configuration: configuration, address: address, boundPort: boundPort)
        box.value = ListenerContext(
            mode: configuration.mode,
            responder: PanelResponder(configuration: configuration, server: server),
            stats: recorder
        )
        do {
            try await serverChannel.setOption(ChannelOptions.autoRead, value: true).get()
        } catch {
            try? await serverChannel.close()
            throw SimulatorError.bindFailed(address: "\(address.urlHost):\(boundPort)", reason: "\(error)")
        }

        let scheme = configuration.tls == nil ? "http" : "https"
        return PanelSimulator(
            port: boundPort,
            baseURL: "\(scheme)://\(address.urlHost):\(boundPort)",
            configuration: configuration,
            serverChannel: serverChannel,
            registry: registry,
            recorder: recorder
        )
    }

    /// A snapshot of the request counters.
    public var stats: SimulatorStats {
        recorder.snapshot
    }

    /// Closes the listener and every open connection. Safe to call more than once.
    public func shutdown() async throws {
        if isShutDown.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged {
            serverChannel.close(promise: nil)
            let connections = registry.closeAll()
            for connection in connections {
                connection.close(promise: nil)
            }
            for connection in connections {
                try? await connection.closeFuture.get()
            }
        }
        try? await serverChannel.closeFuture.get()
    }

    deinit {
        if !isShutDown.load(ordering: .acquiring) {
            serverChannel.close(promise: nil)
            for connection in registry.closeAll() {
                connection.close(promise: nil)
            }
        }
    }
}
