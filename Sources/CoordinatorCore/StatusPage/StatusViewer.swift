/// Who is looking at the status page: anyone (public targets only), or the holder of a token with at least
/// the read scope (every target).
enum StatusViewer: Sendable, Hashable {
    case anonymous
    case reader

    /// Whether private targets may be shown.
    var seesPrivateTargets: Bool { self == .reader }
}
