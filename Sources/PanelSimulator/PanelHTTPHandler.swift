import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection's HTTP handler: runs the panel logic, then applies the listener's failure mode.
/// Lives on the connection's event loop; nothing here blocks or sleeps.
final class PanelHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Larger POST bodies get 413.
    static let maximumBodyBytes = 65_536
    /// Chunk size for huge bodies.
    static let hugeChunkBytes = 65_536
    /// Longest a streamed body (drip or huge) may take before the connection is closed.
    static let streamTimeLimit = TimeAmount.milliseconds(Int64(SimulatorConfiguration.Mode.maximumDurationMilliseconds))

    private struct StreamState {
        var body: StreamedBody
        var offset = 0
        let chunkBytes: Int
        /// `nil`: write as fast as the socket takes it; otherwise one chunk per tick.
        let tick: TimeAmount?
        let keepAlive: Bool
        let deadline: NIODeadline
    }

    private let listener: ListenerContext
    private let plainHTTPOnTLSPort: Bool

    private var requestHead: HTTPRequestHead?
    private var requestBody: [UInt8] = []
    private var requestBodyTooLarge = false
    /// Requests counted as started in the stats and not yet ended.
    private var requestsInFlight = 0
    private var isActive = true
    private var stream: StreamState?

    init(listener: ListenerContext, plainHTTPOnTLSPort: Bool) {
        self.listener = listener
        self.plainHTTPOnTLSPort = plainHTTPOnTLSPort
    }

    // MARK: - Inbound events

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestHead = head
            requestBody = []
            requestBodyTooLarge = false
            let path = PanelRequest.path(ofURI: head.uri)
            listener.stats.requestStarted(path: path, route: PanelRoute.classify(path: path))
            requestsInFlight += 1
        case .body(var buffer):
            if requestBody.count + buffer.readableBytes > Self.maximumBodyBytes {
                requestBodyTooLarge = true
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                requestBody.append(contentsOf: bytes)
            }
        case .end:
            guard let head = requestHead else { return }
            requestHead = nil
            handle(head: head, context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let stream, stream.tick == nil {
            pump(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        stream = nil
        endAllRequests()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        endAllRequests()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func endOneRequest() {
        guard requestsInFlight > 0 else { return }
        requestsInFlight -= 1
        listener.stats.requestEnded()
    }

    private func endAllRequests() {
        while requestsInFlight > 0 {
            endOneRequest()
        }
    }

    // MARK: - Answering

    private func handle(head: HTTPRequestHead, context: ChannelHandlerContext) {
        if plainHTTPOnTLSPort {
            send(FailureResponses.plainHTTPToHTTPSPort, for: head, keepAlive: false, context: context)
            return
        }
        if requestBodyTooLarge {
            send(.nginxError(413), for: head, keepAlive: false, context: context)
            return
        }
        let keepAlive = head.isKeepAlive
        let request = PanelRequest(
            method: head.method.rawValue,
            uri: head.uri,
            body: requestBody,
            contentType: head.headers.first(name: "content-type")
        )
        requestBody = []
        let route = PanelRoute.classify(path: request.path)
        let responder = listener.responder

        switch listener.mode {
        case .normal:
            send(responder.respond(to: request, route: route), for: head, keepAlive: keepAlive, context: context)
        case .slow(let milliseconds):
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(milliseconds))) { [self] in
                guard isActive else { return }
                send(responder.respond(to: request, route: route), for: head, keepAlive: keepAlive, context: context)
            }
        case .drip(let bytesPerTick, let tickMilliseconds):
            let normal = responder.respond(to: request, route: route)
            let isJSON = normal.status == 200 && !normal.body.isEmpty
                && normal.headers.contains { $0.name == "Content-Type" && $0.value == PanelResponse.json }
            let body = StreamedBody.drip(
                json: isJSON ? normal.body : XtreamDocuments.rejectedLogin,
                bytesPerTick: bytesPerTick,
                tickMilliseconds: tickMilliseconds,
                durationMilliseconds: SimulatorConfiguration.Mode.maximumDurationMilliseconds
            )
            startStream(
                body,
                chunkBytes: bytesPerTick,
                tick: .milliseconds(Int64(tickMilliseconds)),
                for: head,
                keepAlive: keepAlive,
                context: context
            )
        case .hugeBody(let bytes):
            startStream(
                .hugeJSON(bytes: bytes),
                chunkBytes: Self.hugeChunkBytes,
                tick: nil,
                for: head,
                keepAlive: keepAlive,
                context: context
            )
        case .html:
            send(FailureResponses.blockPage, for: head, keepAlive: keepAlive, context: context)
        case .redirectLoop:
            send(FailureResponses.redirectLoop(for: request), for: head, keepAlive: keepAlive, context: context)
        case .serverError(let status):
            send(FailureResponses.serverError(status: status), for: head, keepAlive: keepAlive, context: context)
        case .cloudflareChallenge:
            send(FailureResponses.cloudflareChallenge, for: head, keepAlive: keepAlive, context: context)
        case .cloudflareOriginError(let status):
            send(FailureResponses.cloudflareOriginError(status: status), for: head, keepAlive: keepAlive, context: context)
        case .rateLimited:
            send(FailureResponses.rateLimited, for: head, keepAlive: keepAlive, context: context)
        case .ipBlocked:
            send(FailureResponses.ipBlocked, for: head, keepAlive: keepAlive, context: context)
        case .resetAfterRequest:
            reset(context: context)
        case .closeWithoutResponse:
            context.close(promise: nil)
        case .neverRespond:
            break
        }
    }

    private func responseHead(
        status: Int,
        reason: String,
        server: String,
        headers extra: [(name: String, value: String)],
        contentLength: Int,
        keepAlive: Bool
    ) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(extra.count + 4)
        headers.add(name: "Server", value: server)
        headers.add(name: "Date", value: PanelClock.httpDate(epoch: Int64(time(nil))))
        for header in extra {
            headers.add(name: header.name, value: header.value)
        }
        headers.add(name: "Content-Length", value: String(contentLength))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        return HTTPResponseHead(
            version: .http1_1,
            status: .custom(code: UInt(status), reasonPhrase: reason),
            headers: headers
        )
    }

    private func send(
        _ response: PanelResponse,
        for request: HTTPRequestHead,
        keepAlive: Bool,
        context: ChannelHandlerContext
    ) {
        let head = responseHead(
            status: response.status,
            reason: response.reason,
            server: response.server,
            headers: response.headers,
            contentLength: response.body.count,
            keepAlive: keepAlive
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD, !response.body.isEmpty {
            let buffer = context.channel.allocator.buffer(bytes: response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        finishResponse(keepAlive: keepAlive, context: context)
    }

    private func finishResponse(keepAlive: Bool, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { [self] _ in
            endOneRequest()
            if !keepAlive {
                context.close(promise: nil)
            }
        }
    }

    /// Closes with `SO_LINGER` 0 so the kernel sends RST instead of FIN.
    private func reset(context: ChannelHandlerContext) {
        let closingContext = (try? context.pipeline.syncOperations.context(handlerType: RawCloseMarker.self)) ?? context
        guard let provider = context.channel as? any SocketOptionProvider else {
            closingContext.close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
            closingContext.close(promise: nil)
        }
    }

    // MARK: - Streamed bodies

    private func startStream(
        _ body: StreamedBody,
        chunkBytes: Int,
        tick: TimeAmount?,
        for request: HTTPRequestHead,
        keepAlive: Bool,
        context: ChannelHandlerContext
    ) {
        let head = responseHead(
            status: 200,
            reason: "OK",
            server: "nginx",
            headers: [(name: "Content-Type", value: PanelResponse.json)],
            contentLength: body.count,
            keepAlive: keepAlive
        )
        context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
        if request.method == .HEAD {
            finishResponse(keepAlive: keepAlive, context: context)
            return
        }
        stream = StreamState(
            body: body,
            chunkBytes: max(1, chunkBytes),
            tick: tick,
            keepAlive: keepAlive,
            deadline: .now() + Self.streamTimeLimit
        )
        if tick == nil {
            pump(context: context)
        } else {
            dripTick(context: context)
        }
    }

    private func chunk(_ state: inout StreamState, context: ChannelHandlerContext) -> ByteBuffer {
        let length = min(state.chunkBytes, state.body.count - state.offset)
        var buffer = context.channel.allocator.buffer(capacity: length)
        state.body.forEachSegment(offset: state.offset, length: length) { segment in
            switch segment {
            case .bytes(let bytes): buffer.writeBytes(bytes)
            case .repeated(let byte, let count): buffer.writeRepeatingByte(byte, count: count)
            }
        }
        state.offset += length
        return buffer
    }

    /// Returns `true` when the stream is over (finished or timed out).
    private func finishStreamIfDone(_ state: StreamState, context: ChannelHandlerContext) -> Bool {
        if state.offset >= state.body.count {
            stream = nil
            finishResponse(keepAlive: state.keepAlive, context: context)
            return true
        }
        if NIODeadline.now() >= state.deadline {
            stream = nil
            context.close(promise: nil)
            return true
        }
        return false
    }

    /// Writes chunks while the socket takes them; resumes on writability or on the next loop turn.
    private func pump(context: ChannelHandlerContext) {
        guard isActive, var state = stream else { return }
        var writes = 0
        while context.channel.isWritable, state.offset < state.body.count, writes < 64 {
            let buffer = chunk(&state, context: context)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            writes += 1
        }
        stream = state
        context.flush()
        if finishStreamIfDone(state, context: context) { return }
        if context.channel.isWritable {
            // Yield to other connections on this loop, then go on.
            context.eventLoop.assumeIsolated().execute { [self] in pump(context: context) }
        }
    }

    /// Writes one chunk per tick (skipping ticks while the client is not reading).
    private func dripTick(context: ChannelHandlerContext) {
        guard isActive, var state = stream, let tick = state.tick else { return }
        if context.channel.isWritable {
            let buffer = chunk(&state, context: context)
            stream = state
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        if finishStreamIfDone(state, context: context) { return }
        context.eventLoop.assumeIsolated().scheduleTask(in: tick) { [self] in dripTick(context: context) }
    }
}
