public import Logging
public import XCheckProtocol

/// The agent's durable queue of finished results: the heart of "never loses a result".
///
/// Every finished result is appended to `<directory>/results.spool` and `fsync`'d before it is sent, and it
/// leaves the spool only when the coordinator acknowledges it. At open the file is replayed in order: a torn
/// last record (a write cut short by `kill -9` or a power cut) and damaged records are detected by their
/// CRC-32, skipped and logged, and the file is rewritten without them. Acknowledgements are appended as
/// small records; compaction rewrites the file without acknowledged results (a temporary file, `fsync`,
/// `rename`, `fsync` of the directory). Past the size cap the oldest results are dropped, counted and logged.
///
/// The spool runs on a thread of its own (its file I/O blocks), never on Swift's cooperative pool. One
/// process at a time may use a directory (`flock` on `<directory>/agent.lock`).
public actor Spool {
    /// Where the spool lives and how large it may grow.
    public struct Configuration: Sendable {
        /// The directory of the spool file (created with mode 0700 when missing).
        public var directory: String
        /// The most bytes the spool file may take; past it the oldest results are dropped (default 64 MiB).
        public var maxBytes: Int = 64 << 20
        /// Compaction runs when acknowledged and damaged bytes exceed both this and the bytes still waiting.
        public var compactionMinimumBytes: Int = 1 << 20

        public init(directory: String) {
            self.directory = directory
        }
    }

    /// One waiting result: where its record is in the file, or the record itself when writing it failed.
    struct Entry {
        var id: String
        var offset: Int
        var length: Int
        var memoryRecord: [UInt8]?
    }

    /// The settings in force.
    public nonisolated let configuration: Configuration
    let logger: Logger
    private let onChange: @Sendable (SpoolStats) -> Void
    var file: SpoolFile?
    var lock: SpoolFile?
    var entries: [Entry] = []
    var fileSize = 0
    /// Bytes of waiting records that are in the file.
    var durableBytes = 0
    /// Bytes of waiting records held only in memory.
    var memoryBytes = 0
    var counters = SpoolStats()

    /// Runs the spool's code on its own thread (its `write` and `fsync` calls block).
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        DedicatedThreadExecutor.spool.asUnownedSerialExecutor()
    }

    /// The spool file's path.
    public nonisolated var path: String { "\(self.configuration.directory)/results.spool" }
    nonisolated var temporaryPath: String { "\(self.path).tmp" }
    nonisolated var lockPath: String { "\(self.configuration.directory)/agent.lock" }

    private init(
        configuration: Configuration, logger: Logger, onChange: @escaping @Sendable (SpoolStats) -> Void
    ) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "spool"] = "\(configuration.directory)/results.spool"
        self.logger = logger
        self.onChange = onChange
    }

    /// Opens the spool, replaying what an earlier run left in it.
    /// - Parameters:
    ///   - configuration: the directory and the cap.
    ///   - logger: where recovery and drops are reported.
    ///   - onChange: called with fresh counters after every change (for metrics and heartbeats).
    /// - Throws: ``SpoolError`` when the directory cannot be used or another process holds it.
    public static func open(
        _ configuration: Configuration,
        logger: Logger,
        onChange: @escaping @Sendable (SpoolStats) -> Void = { _ in }
    ) async throws -> Spool {
        let spool = Spool(configuration: configuration, logger: logger, onChange: onChange)
        try await spool.recover()
        return spool
    }

    // MARK: - Reading

    /// The counters now.
    public var stats: SpoolStats {
        var stats = self.counters
        stats.depth = self.entries.count
        stats.fileBytes = self.fileSize
        return stats
    }

    /// Results waiting for acknowledgement.
    public var depth: Int { self.entries.count }

    /// The oldest waiting results, in the order they were spooled.
    /// - Parameters:
    ///   - limit: the most results returned.
    ///   - maxBytes: the most record bytes returned (at least one result is returned when any waits).
    public func pending(limit: Int, maxBytes: Int = .max) throws -> [AgentResult] {
        guard let file = self.file else { throw SpoolError(.closed, "the spool is closed") }
        var results: [AgentResult] = []
        var bytes = 0
        var damaged: Set<String> = []
        for entry in self.entries {
            if results.count >= limit { break }
            if !results.isEmpty, bytes + entry.length > maxBytes { break }
            let record: [UInt8]
            if let memoryRecord = entry.memoryRecord {
                record = memoryRecord
            } else {
                record = (try? file.read(count: entry.length, at: entry.offset)) ?? []
            }
            guard let result = Self.decodeResult(record) else {
                damaged.insert(entry.id)
                continue
            }
            results.append(result)
            bytes += entry.length
        }
        if !damaged.isEmpty {
            self.counters.corruptRecords += damaged.count
            self.logger.error(
                "spool: results damaged on disk since they were written were skipped; they cannot be sent",
                metadata: ["count": "\(damaged.count)", "result_ids": "\(damaged.sorted().joined(separator: ","))"]
            )
            self.remove(ids: damaged)
            self.publish()
        }
        return results
    }

    private static func decodeResult(_ record: [UInt8]) -> AgentResult? {
        let scan = SpoolFraming.scan(SpoolFraming.fileHeader + record)
        guard scan.records.count == 1, let found = scan.records.first else { return nil }
        let bytes = SpoolFraming.fileHeader + record
        guard let decoded = try? JSONCoding.decode(SpoolRecord.self, from: bytes[found.payload]),
            decoded.type == .result
        else { return nil }
        return decoded.result
    }

    // MARK: - Writing

    /// Appends a finished result and flushes it to the disk (`fsync`) before returning, so that it survives
    /// a crash from then on. Makes room first when the spool is full (see ``Configuration/maxBytes``).
    ///
    /// When the write fails (a full or broken disk), the result is kept in memory, still sent, and written
    /// by the next compaction; the failure is logged. Returns false in that case.
    /// - Throws: ``SpoolError`` when the spool is closed or the result cannot be encoded.
    @discardableResult
    public func append(_ result: AgentResult) throws -> Bool {
        guard let file = self.file else { throw SpoolError(.closed, "the spool is closed") }
        let payload: [UInt8]
        do {
            payload = try JSONCoding.encode(SpoolRecord.result(result, at: WallClock.now()))
        } catch {
            throw SpoolError(.encoding, "the result \(result.resultID) could not be encoded: \(error)")
        }
        let record = SpoolFraming.frame(payload)
        do {
            try self.makeRoom(for: record.count)
        } catch {
            self.logger.error("spool: could not make room for a new result", metadata: ["error": "\(error)"])
        }
        let current = self.file ?? file
        do {
            try current.write(record, at: self.fileSize)
            try current.sync()
            self.counters.fsyncs += 1
        } catch {
            try? current.truncate(to: self.fileSize)
            self.entries.append(Entry(id: result.resultID, offset: 0, length: record.count, memoryRecord: record))
            self.memoryBytes += record.count
            self.counters.memoryOnly += 1
            self.logger.error(
                "spool: a result could not be written to the disk; it is kept in memory and still sent, but a crash now would lose it",
                metadata: ["result_id": "\(result.resultID)", "error": "\(error)"]
            )
            self.publish()
            return false
        }
        self.entries.append(Entry(id: result.resultID, offset: self.fileSize, length: record.count))
        self.fileSize += record.count
        self.durableBytes += record.count
        self.publish()
        return true
    }

    /// Removes results the coordinator stored (its `accepted` and `duplicates` lists). Unknown ids are ignored.
    public func acknowledge(_ ids: some Sequence<String>) throws {
        guard self.file != nil else { throw SpoolError(.closed, "the spool is closed") }
        let removed = self.remove(ids: Set(ids))
        guard !removed.isEmpty else { return }
        try self.recordRemoval(of: removed)
        self.publish()
    }

    /// Sets aside a result the coordinator refused as invalid (it would be refused forever and block the ones
    /// behind it): it is copied to `<directory>/rejected.spool` (same format, `fsync`'d) for the operator,
    /// removed from the queue, counted and logged.
    public func discard(_ id: String, reason: String) throws {
        guard let file = self.file else { throw SpoolError(.closed, "the spool is closed") }
        guard let entry = self.entries.first(where: { $0.id == id }) else { return }
        let record = try entry.memoryRecord ?? file.read(count: entry.length, at: entry.offset)
        let rejectedPath = "\(self.configuration.directory)/rejected.spool"
        do {
            let rejected = try SpoolFile(path: rejectedPath, create: true)
            var size = try rejected.size()
            if size == 0 {
                try rejected.write(SpoolFraming.fileHeader, at: 0)
                size = SpoolFraming.fileHeader.count
            }
            try rejected.write(record, at: size)
            try rejected.sync()
            self.counters.fsyncs += 1
        } catch {
            throw SpoolError(.io, "the refused result \(id) could not be set aside in \(rejectedPath): \(error)")
        }
        let removed = self.remove(ids: [id])
        self.counters.rejected += 1
        self.logger.error(
            "spool: the coordinator refused a result as invalid; it was moved to rejected.spool",
            metadata: ["result_id": "\(id)", "reason": "\(reason)", "rejected_file": "\(rejectedPath)"]
        )
        try self.recordRemoval(of: removed)
        self.publish()
    }

    /// Rewrites the spool file with only the waiting results (see the type's description).
    public func compact() throws {
        try self.compact(droppingOldest: 0)
    }

    /// Flushes and closes the spool; waiting results stay in the file for the next start.
    public func close() {
        guard let file = self.file else { return }
        do {
            try file.sync()
            self.counters.fsyncs += 1
        } catch {
            self.logger.error("spool: flushing at close failed", metadata: ["error": "\(error)"])
        }
        if self.memoryBytes > 0 {
            self.logger.error(
                "spool: results held only in memory are lost at close (the disk refused them)",
                metadata: ["count": "\(self.entries.filter { $0.memoryRecord != nil }.count)"]
            )
        }
        self.logger.info(
            "spool closed",
            metadata: ["waiting": "\(self.entries.count)", "file_bytes": "\(self.fileSize)"]
        )
        self.file = nil
        self.lock = nil
    }

    // MARK: - Internals

    @discardableResult
    private func remove(ids: Set<String>) -> [Entry] {
        var removed: [Entry] = []
        self.entries.removeAll { entry in
            guard ids.contains(entry.id) else { return false }
            removed.append(entry)
            return true
        }
        for entry in removed {
            if entry.memoryRecord != nil {
                self.memoryBytes -= entry.length
                self.counters.memoryOnly = max(0, self.counters.memoryOnly - 1)
            } else {
                self.durableBytes -= entry.length
            }
        }
        return removed
    }

    /// Persists that these results are done: truncates the file when nothing waits, else appends an ack
    /// record (not `fsync`'d: losing it only means sending the results again, which the coordinator dedups).
    private func recordRemoval(of removed: [Entry]) throws {
        guard let file = self.file else { return }
        let header = SpoolFraming.fileHeader.count
        if self.entries.isEmpty {
            try file.truncate(to: header)
            self.fileSize = header
            self.durableBytes = 0
            return
        }
        let durableIDs = removed.filter { $0.memoryRecord == nil }.map(\.id)
        if !durableIDs.isEmpty {
            let payload = try JSONCoding.encode(SpoolRecord.ack(durableIDs, at: WallClock.now()))
            let record = SpoolFraming.frame(payload)
            do {
                try file.write(record, at: self.fileSize)
                self.fileSize += record.count
            } catch {
                try? file.truncate(to: self.fileSize)
                self.logger.warning(
                    "spool: could not record an acknowledgement; those results may be sent again after a restart",
                    metadata: ["error": "\(error)"]
                )
            }
        }
        let dead = self.fileSize - header - self.durableBytes
        if dead > max(self.configuration.compactionMinimumBytes, self.durableBytes) {
            try self.compact(droppingOldest: 0)
        }
    }

    /// Makes the file small enough to take `count` more bytes under the cap: compaction first, then, if the
    /// waiting results alone are too many, the oldest are dropped until the spool is at most 7/8 full (so a
    /// full spool is not rewritten for every new result).
    private func makeRoom(for count: Int) throws {
        let cap = self.configuration.maxBytes
        guard self.fileSize + count > cap else { return }
        let header = SpoolFraming.fileHeader.count
        var keep = self.durableBytes + self.memoryBytes
        if header + keep + count <= cap {
            try self.compact(droppingOldest: 0)
            return
        }
        let target = cap - cap / 8
        var drop = 0
        while drop < self.entries.count, header + keep + count > target {
            keep -= self.entries[drop].length
            drop += 1
        }
        try self.compact(droppingOldest: drop)
    }

    /// Rewrites the file with the waiting results, minus the `drop` oldest.
    func compact(droppingOldest drop: Int) throws {
        guard let file = self.file else { throw SpoolError(.closed, "the spool is closed") }
        let header = SpoolFraming.fileHeader.count
        let dropped = Array(self.entries.prefix(drop))
        SpoolFile.remove(self.temporaryPath)
        do {
            let temporary = try SpoolFile(path: self.temporaryPath, create: true, truncate: true)
            try temporary.write(SpoolFraming.fileHeader, at: 0)
            var offset = header
            var kept: [Entry] = []
            kept.reserveCapacity(self.entries.count - dropped.count)
            for entry in self.entries.dropFirst(drop) {
                let record = try entry.memoryRecord ?? file.read(count: entry.length, at: entry.offset)
                guard record.count == entry.length else {
                    throw SpoolError(.io, "the spool file is shorter than expected (result \(entry.id))")
                }
                try temporary.write(record, at: offset)
                kept.append(Entry(id: entry.id, offset: offset, length: entry.length))
                offset += entry.length
            }
            try temporary.sync()
            try SpoolFile.rename(self.temporaryPath, to: self.path)
            try SpoolFile.syncDirectory(self.configuration.directory)
            temporary.path = self.path
            self.counters.fsyncs += 2
            self.counters.compactions += 1
            self.file = temporary
            self.entries = kept
            self.fileSize = offset
            self.durableBytes = offset - header
            self.memoryBytes = 0
            self.counters.memoryOnly = 0
        } catch {
            SpoolFile.remove(self.temporaryPath)
            throw error
        }
        if !dropped.isEmpty {
            self.counters.dropped += dropped.count
            self.logger.error(
                "spool full: dropped the oldest results to stay under the cap; they will never reach the coordinator",
                metadata: [
                    "dropped": "\(dropped.count)",
                    "dropped_total": "\(self.counters.dropped)",
                    "cap_bytes": "\(self.configuration.maxBytes)",
                    "first_dropped": "\(dropped.first!.id)",
                    "last_dropped": "\(dropped.last!.id)",
                ]
            )
        }
        self.logger.debug(
            "spool compacted", metadata: ["waiting": "\(self.entries.count)", "file_bytes": "\(self.fileSize)"]
        )
        self.publish()
    }

    func publish() {
        self.onChange(self.stats)
    }
}
