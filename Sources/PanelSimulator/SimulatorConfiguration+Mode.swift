extension SimulatorConfiguration {
    /// How the simulator answers every request (all routes).
    public enum Mode: Sendable, Hashable {
        /// Answer like the configured panel family.
        case normal
        /// Wait this long, then answer normally.
        case slow(milliseconds: Int)
        /// 200 `application/json`, a valid JSON answer sent `bytesPerTick` bytes every `tickMilliseconds`; the body
        /// is padded with leading whitespace so that it lasts about 10 minutes, and the connection is closed after
        /// 10 minutes at the latest.
        case drip(bytesPerTick: Int, tickMilliseconds: Int)
        /// 200 `application/json` of exactly this many bytes, streamed (never held in memory).
        case hugeBody(bytes: Int)
        /// 200 `text/html`: an ISP-style block page where JSON was expected.
        case html
        /// 302 to itself, alternating between the requested path and the same path under `/loop`.
        case redirectLoop
        /// This status (e.g. 500, 502, 503, 504) with nginx's HTML error page.
        case serverError(status: Int)
        /// Cloudflare's bot challenge: 403 with `server: cloudflare`, `cf-ray`, `cf-mitigated: challenge` and a
        /// "Just a moment..." page.
        case cloudflareChallenge
        /// Cloudflare's origin errors 520…530 with `server: cloudflare` and `cf-ray`.
        case cloudflareOriginError(status: Int)
        /// 429 Too Many Requests (nginx page).
        case rateLimited
        /// 403 with an empty body: XUI's IP block.
        case ipBlocked
        /// Read the request, then close with `SO_LINGER` 0 so the client sees a TCP RST.
        case resetAfterRequest
        /// Read the request, then close cleanly without answering (empty reply).
        case closeWithoutResponse
        /// Read the request and never answer; the connection stays open until the client leaves or shutdown.
        case neverRespond
    }
}
