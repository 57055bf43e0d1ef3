extension SimulatorConfiguration {
    /// PEM files for a TLS listener.
    public struct TLSFiles: Sendable, Hashable {
        /// Path of the PEM certificate chain, leaf first.
        public var certificateChainPath: String
        /// Path of the PEM private key of the leaf certificate.
        public var privateKeyPath: String

        /// Creates the pair of paths.
        public init(certificateChainPath: String, privateKeyPath: String) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
        }
    }
}
