import XCheckProtocol

/// One record of the spool: a finished result, or the ids the coordinator acknowledged.
struct SpoolRecord: Sendable, Codable {
    enum Kind: String, Sendable, Codable {
        case result
        case ack
    }

    var type: Kind
    /// For `result`: the result with its id, as it will be sent.
    var result: AgentResult?
    /// For `ack`: result ids the coordinator stored.
    var ids: [String]?
    /// When the record was written (epoch seconds).
    var writtenAt: Int64

    static func result(_ result: AgentResult, at time: Int64) -> SpoolRecord {
        SpoolRecord(type: .result, result: result, ids: nil, writtenAt: time)
    }

    static func ack(_ ids: [String], at time: Int64) -> SpoolRecord {
        SpoolRecord(type: .ack, result: nil, ids: ids, writtenAt: time)
    }

    enum CodingKeys: String, CodingKey {
        case type, result, ids
        case writtenAt = "written_at"
    }
}
