import NIOCore
import NIOHTTP1
import NIOSSL

/// On a TLS listener, looks at the first byte a client sends: a TLS handshake record (0x16) gets TLS + HTTP,
/// anything else gets nginx's "400 The plain HTTP request was sent to HTTPS port". Then it removes itself.
final class TLSSniffingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private static let handshakeRecord: UInt8 = 0x16

    private let sslContext: NIOSSLContext
    private let listener: ListenerContext
    private var decided = false

    init(sslContext: NIOSSLContext, listener: ListenerContext) {
        self.sslContext = sslContext
        self.listener = listener
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !decided else {
            context.fireChannelRead(data)
            return
        }
        let buffer = unwrapInboundIn(data)
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return }
        decided = true
        do {
            let operations = context.pipeline.syncOperations
            if first == Self.handshakeRecord {
                let tls = NIOSSLServerHandler(context: sslContext)
                try operations.addHandler(tls, position: .after(self))
                try operations.configureHTTPServerPipeline(
                    position: .after(tls),
                    withPipeliningAssistance: true,
                    withErrorHandling: true
                )
                try operations.addHandler(PanelHTTPHandler(listener: listener, plainHTTPOnTLSPort: false))
            } else {
                try operations.configureHTTPServerPipeline(
                    position: .after(self),
                    withPipeliningAssistance: true,
                    withErrorHandling: true
                )
                try operations.addHandler(PanelHTTPHandler(listener: listener, plainHTTPOnTLSPort: true))
            }
            context.fireChannelRead(data)
            operations.removeHandler(context: context, promise: nil)
        } catch {
            context.close(promise: nil)
        }
    }
}
