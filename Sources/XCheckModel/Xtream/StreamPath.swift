/// Recognises stream URLs. xcheck never opens one: on Xtream Codes panels opening a stream takes a
/// connection slot and can disconnect the subscriber's current viewer.
public enum StreamPath {
    private static let streamPrefixes = ["/live/", "/movie/", "/series/", "/timeshift/", "/streaming/", "/play/", "/auth/", "/hls/", "/hlsr/"]
    private static let mediaExtensions = [".ts", ".m3u8", ".mp4", ".mkv", ".avi", ".flv", ".mpd", ".m4s", ".aac"]

    /// True when the path (with or without a query) looks like a stream or media URL.
    public static func isStream(path: String) -> Bool {
        let bare = String(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .lowercased()
        if self.streamPrefixes.contains(where: { bare.contains($0) }) { return true }
        if self.mediaExtensions.contains(where: { bare.hasSuffix($0) }) { return true }
        return false
    }
}
