import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A simulated agent: its database id and its token (read from a file, never printed).
struct AgentCredential: Sendable {
    var id: Int64
    var token: String

    /// Reads 'AGENT_ID TOKEN' lines.
    static func load(_ path: String) throws -> [AgentCredential] {
        let lines = try SecretFile.read(path).split(whereSeparator: \.isNewline)
        let agents = try lines.map { line -> AgentCredential in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let id = Int64(parts[0]) else { throw BenchError("\(path): every line is 'AGENT_ID TOKEN'") }
            return AgentCredential(id: id, token: String(parts[1]))
        }
        guard !agents.isEmpty else { throw BenchError("\(path) lists no agent") }
        return agents
    }
}

enum SecretFile {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The single token in a file.
    static func token(_ path: String) throws -> String {
        let token = String(try Self.read(path).split(whereSeparator: \.isNewline).first ?? "").filter { !$0.isWhitespace }
        guard !token.isEmpty else { throw BenchError("\(path) holds no token") }
        return token
    }
}

/// Percentiles (nearest rank) of latencies in seconds, printed in milliseconds.
struct Percentiles {
    let sorted: [Double]

    init(_ values: [Double]) { self.sorted = values.sorted() }

    func value(_ p: Double) -> Double {
        guard !self.sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(self.sorted.count)).rounded(.up))
        return self.sorted[min(max(rank, 1), self.sorted.count) - 1]
    }

    var mean: Double { self.sorted.isEmpty ? .nan : self.sorted.reduce(0, +) / Double(self.sorted.count) }

    /// `prefix_p50_ms=… prefix_p90_ms=… prefix_p99_ms=… prefix_max_ms=…`
    func fields(_ prefix: String) -> String {
        ["p50": 50.0, "p90": 90, "p99": 99, "max": 100].sorted { $0.value < $1.value }
            .map { "\(prefix)_\($0.key)_ms=\(Fmt.ms(self.value($0.value)))" }.joined(separator: " ")
    }
}

enum Fmt {
    static func ms(_ seconds: Double) -> String { Self.fixed(seconds * 1000, 3) }
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "nan" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return "\((value * scale).rounded() / scale)"
    }
}

/// A small deterministic generator (SplitMix64), so runs pick the same targets.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// CPU time (user + system) of another process, from /proc/PID/stat; nil when it cannot be read.
enum ProcessCPU {
    static func seconds(pid: Int32) -> Double? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command name: state(3) ... utime(14) stime(15), so indexes 11 and 12 here.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / (ticks > 0 ? ticks : 100)
    }

    /// This process's CPU time.
    static func own() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }
}
