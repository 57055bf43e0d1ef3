/// A snapshot of the spool's counters.
public struct SpoolStats: Sendable, Hashable {
    /// Results waiting for the coordinator's acknowledgement.
    public var depth: Int = 0
    /// The spool file's size in bytes.
    public var fileBytes: Int = 0
    /// Results dropped since start because the spool was full (oldest first).
    public var dropped: Int = 0
    /// Results moved to `rejected.spool` since start because the coordinator refused them as invalid.
    public var rejected: Int = 0
    /// Damaged records skipped since start (bad CRC, unreadable JSON).
    public var corruptRecords: Int = 0
    /// Torn last records skipped at open since start.
    public var tornRecords: Int = 0
    /// Results held in memory only because writing them failed (they are written by the next compaction).
    public var memoryOnly: Int = 0
    /// `fsync` calls made (records, compactions and the directory).
    public var fsyncs: Int = 0
    /// Compactions done.
    public var compactions: Int = 0

    public init() {}
}
