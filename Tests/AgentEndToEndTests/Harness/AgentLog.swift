import XCheckTestSupport

extension LogCapture {
    /// The result ids of every "check finished" line, in log order.
    var finishedResultIDs: [String] {
        self.matching("check finished").compactMap { $0.metadata["result_id"] }
    }
}

/// Reads the binary agent's standard-error log (swift-log's `StreamLogHandler`: `... key=value [AgentCore] message`).
enum AgentLog {
    /// The lines that contain `fragment`.
    static func lines(_ text: String, containing fragment: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.contains(fragment) }
    }

    /// The value of `key=` on a line (up to the next space), if present.
    static func value(_ key: String, in line: Substring) -> String? {
        guard let range = line.range(of: " \(key)=") ?? line.range(of: ":\(key)=") else { return nil }
        let rest = line[range.upperBound...]
        return String(rest.prefix { $0 != " " })
    }

    /// The result ids of every "check finished" line, in log order.
    static func finishedResultIDs(_ text: String) -> [String] {
        self.lines(text, containing: "check finished").compactMap { self.value("result_id", in: $0) }
    }
}
