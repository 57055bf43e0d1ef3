@testable import AgentCore
import Foundation
import XCheckProtocol

/// Reads an agent's spool file without changing it (no lock, no compaction): the results still waiting for
/// the coordinator's acknowledgement, in file order, with where each record is.
enum SpoolReader {
    struct Waiting: Sendable {
        var result: AgentResult
        var offset: Int
        var length: Int
    }

    static func path(_ directory: String) -> String { "\(directory)/results.spool" }

    /// The file's bytes (empty when missing).
    static func bytes(_ directory: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: self.path(directory)) else { return [] }
        return Array(data)
    }

    /// The spool file's size; the header alone (8 bytes) when nothing waits.
    static func size(_ directory: String) -> Int { self.bytes(directory).count }

    /// The header alone: `XCSPOOL1`.
    static let headerSize = SpoolFraming.fileHeader.count

    /// Results written and not acknowledged, as the agent's recovery would find them.
    static func waiting(_ directory: String) -> [Waiting] {
        let bytes = self.bytes(directory)
        let scan = SpoolFraming.scan(bytes)
        guard scan.headerValid else { return [] }
        var waiting: [Waiting] = []
        var seen: Set<String> = []
        var done: Set<String> = []
        for found in scan.records {
            guard let record = try? JSONCoding.decode(SpoolRecord.self, from: bytes[found.payload]) else { continue }
            switch record.type {
            case .result:
                guard let result = record.result, seen.insert(result.resultID).inserted else { continue }
                waiting.append(Waiting(result: result, offset: found.offset, length: found.length))
            case .ack:
                done.formUnion(record.ids ?? [])
            }
        }
        return waiting.filter { !done.contains($0.result.resultID) }
    }

    /// Cuts the spool file to `length` bytes (the agent must not be running).
    static func truncate(_ directory: String, to length: Int) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: self.path(directory)))
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(length))
        try handle.synchronize()
    }
}
