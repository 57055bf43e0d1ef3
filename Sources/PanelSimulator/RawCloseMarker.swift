import NIOCore

/// Sits first in every connection's pipeline and passes everything through. Closing through its context skips the
/// handlers after it (TLS), so a reset reaches the socket at once instead of after a TLS close_notify exchange.
final class RawCloseMarker: ChannelOutboundHandler {
    typealias OutboundIn = NIOAny
}
