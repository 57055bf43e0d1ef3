/// What a request path addresses on an Xtream panel.
enum PanelRoute: Hashable {
    /// Any path ending in `/player_api.php` (a base path prefix is allowed).
    case login
    /// Any path ending in `/get.php`.
    case playlist
    /// A stream path; credentials are `nil` when the path has a stream prefix but not the expected shape.
    case stream(username: String?, password: String?)
    /// Anything else.
    case other

    /// Classifies a raw (still percent-encoded) path without its query.
    static func classify(path: String) -> PanelRoute {
        if path.hasSuffix("/player_api.php") { return .login }
        if path.hasSuffix("/get.php") { return .playlist }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard let first = segments.first else { return .other }
        let decoded = { (index: Int) in FormDecoding.decodePathSegment(segments[index]) }
        switch first {
        case "live", "movie", "series":
            // /live/U/P/ID.ext
            if segments.count == 4, isStreamFileName(segments[3]) {
                return .stream(username: decoded(1), password: decoded(2))
            }
            return .stream(username: nil, password: nil)
        case "timeshift":
            // /timeshift/U/P/DURATION/START/ID.ts
            if segments.count == 6, isStreamFileName(segments[5]) {
                return .stream(username: decoded(1), password: decoded(2))
            }
            return .stream(username: nil, password: nil)
        default:
            // Short form /U/P/ID or /U/P/ID.ts
            if segments.count == 3, !segments[0].isEmpty, !segments[1].isEmpty, isStreamFileName(segments[2]) {
                return .stream(username: decoded(0), password: decoded(1))
            }
            return .other
        }
    }

    /// `123`, `123.ts`, `123.m3u8`, `123.mkv`: digits, optionally a dot and an alphanumeric extension.
    private static func isStreamFileName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let id = parts.first, !id.isEmpty, id.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        if parts.count == 2 {
            let ext = parts[1]
            return !ext.isEmpty && ext.count <= 8 && ext.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
        return true
    }

    var isStream: Bool {
        if case .stream = self { return true }
        return false
    }
}
