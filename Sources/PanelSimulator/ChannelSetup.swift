import NIOCore
import NIOHTTP1
import NIOSSL

/// Builds a new connection's pipeline.
enum ChannelSetup {
    /// Plain listener: HTTP straight away. TLS listener: sniff the first byte, then TLS + HTTP or nginx's 400.
    static func configure(
        _ operations: ChannelPipeline.SynchronousOperations,
        listener: ListenerContext,
        sslContext: NIOSSLContext?
    ) throws {
        try operations.addHandler(RawCloseMarker())
        if let sslContext {
            try operations.addHandler(TLSSniffingHandler(sslContext: sslContext, listener: listener))
        } else {
            try operations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
            try operations.addHandler(PanelHTTPHandler(listener: listener, plainHTTPOnTLSPort: false))
        }
    }

    /// Loads the PEM chain and key into a server context that offers HTTP/1.1 only.
    static func makeSSLContext(_ files: SimulatorConfiguration.TLSFiles) throws(SimulatorError) -> NIOSSLContext {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificateChainPath)
            guard !chain.isEmpty else {
                throw SimulatorError.tlsSetup("no certificate in \(files.certificateChainPath)")
            }
            let key = try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(key)
            )
            configuration.applicationProtocols = ["http/1.1"]
            configuration.shutdownTimeout = .milliseconds(500)
            return try NIOSSLContext(configuration: configuration)
        } catch let error as SimulatorError {
            throw error
        } catch {
            throw .tlsSetup("\(error) (certificate \(files.certificateChainPath), key \(files.privateKeyPath))")
        }
    }
}
