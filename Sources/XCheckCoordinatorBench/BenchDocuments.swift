import XCheckModel

/// Realistic probe results, as agents send them: the JSON document of `xcheck probe --json` (about 770 bytes
/// for a successful login, about 600 for a failure; no advertised-port checks). Deterministic in the index.
enum BenchDocuments {
    /// One result of a login check of `host` with `username`. Mostly `ok`; every 20th `credentials_rejected`
    /// and every 33rd `connection_timeout`, so outcome and stage columns vary like real ones.
    static func result(index: Int, startedAt: Int64, host: String, port: Int = 8080, username: String) -> ProbeResult {
        let url = "http://\(host):\(port)"
        let target = TargetSummary(url: url, scheme: .http, host: host, port: port, username: username)
        let address = "203.0.113.\(index % 250 + 1)"
        let jitter = Double(index % 97) / 10
        if index % 33 == 7 {
            return ProbeResult(
                target: target, kind: .login, outcome: .connectionTimeout, stage: .connect,
                detail: "No answer to the TCP connection attempt to \(address):\(port) within 10 s.",
                timings: StageTimings(dns: 12.4 + jitter, total: 10_012.4 + jitter),
                resolvedAddresses: [address], startedAt: startedAt)
        }
        if index % 20 == 3 {
            return ProbeResult(
                target: target, kind: .login, outcome: .credentialsRejected, stage: .login,
                detail: "The panel answered the login with auth: 0: the username or password is wrong.",
                httpStatus: 200,
                timings: StageTimings(dns: 11.2 + jitter, connect: 38.5 + jitter, firstByte: 92.3 + jitter, total: 142.0 + jitter),
                panel: .xtreamCodes, resolvedAddresses: [address], connectedAddress: address, startedAt: startedAt)
        }
        let account = AccountInfo(
            status: .active, expiresAt: startedAt + 30 * 86_400 + Int64(index % 86_400), isTrial: false,
            activeConnections: index % 2, maxConnections: 2, createdAt: startedAt - 200 * 86_400,
            message: "Welcome to our service", allowedOutputFormats: ["m3u8", "ts", "rtmp"], daysLeft: 30)
        return ProbeResult(
            target: target, kind: .login, outcome: .ok, stage: nil,
            detail: "Logged in: the account is active and has a free connection.",
            httpStatus: 200,
            timings: StageTimings(dns: 11.2 + jitter, connect: 38.5 + jitter, firstByte: 95.1 + jitter, total: 151.6 + jitter),
            panel: .xtreamCodes, account: account, resolvedAddresses: [address], connectedAddress: address,
            startedAt: startedAt)
    }

    /// A version-4-shaped UUID made from a seed, a kind (result, job, ...) and an index: the same inputs give
    /// the same id, so COPY can load exactly the rows the agents posted.
    static func uuid(seed: UInt32, kind: UInt16, index: Int) -> String {
        let i = UInt64(index)
        return "\(hex(UInt64(seed), 8))-\(hex(UInt64(kind), 4))-4\(hex((i >> 60) & 0xfff, 3))-8\(hex((i >> 48) & 0xfff, 3))-\(hex(i & 0xffff_ffff_ffff, 12))"
    }

    static func hex(_ value: UInt64, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// `YYYY-MM-DD HH:MM:SS+00` for epoch seconds (UTC), for COPY's timestamptz column.
    static func timestamp(_ epoch: Int64) -> String {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let seconds = epoch - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))+00"
    }
}
