public import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage, the peer address, and the authenticated identity.
public struct CoordinatorRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by ``AuthMiddleware``.
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.identity = nil
    }

    /// Bodies are read with an explicit cap by the routes; this is Hummingbird's own ceiling.
    public var maxUploadSize: Int { 1 << 20 }

    /// The peer's IP address as text.
    var peerAddress: String? { self.remoteAddress?.ipAddress }
}
