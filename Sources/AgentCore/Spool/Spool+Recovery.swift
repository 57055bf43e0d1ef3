#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Spool {
    /// Takes the directory's lock, then replays the spool file: results not acknowledged become the waiting
    /// list, in file order. Torn and damaged records are skipped and logged, and the file is then rewritten
    /// without them.
    func recover() throws {
        let directory = self.configuration.directory
        do {
            try SpoolFile.makeDirectory(directory)
            let lock = try SpoolFile(path: self.lockPath, create: true)
            guard try lock.tryLock() else {
                throw SpoolError(
                    .locked,
                    "another xcheck-agent process is using the spool directory \(directory) (it holds \(self.lockPath))"
                )
            }
            self.lock = lock
        } catch let error as SystemError {
            throw SpoolError(.io, "the spool directory \(directory) cannot be used: \(error)")
        }

        let file: SpoolFile
        let bytes: [UInt8]
        do {
            file = try SpoolFile(path: self.path, create: true)
            bytes = try file.readAll()
        } catch {
            throw SpoolError(.io, "the spool file cannot be opened: \(error)")
        }
        self.file = file
        SpoolFile.remove(self.temporaryPath)  // a compaction cut short; the spool file itself is intact

        let scan = SpoolFraming.scan(bytes)
        guard scan.headerValid, bytes.count >= SpoolFraming.fileHeader.count else {
            // An empty file, or a header cut short while the file was being created, holds nothing.
            let holdsNothing = bytes.count < SpoolFraming.fileHeader.count
                && SpoolFraming.fileHeader.starts(with: bytes)
            try self.startFresh(file: file, existingBytes: holdsNothing ? 0 : bytes.count)
            return
        }

        var waiting: [Entry] = []
        var position: [String: Int] = [:]
        var done: Set<String> = []
        var unreadable = 0
        for found in scan.records {
            guard let record = try? JSONCoding.decode(SpoolRecord.self, from: bytes[found.payload]) else {
                unreadable += 1
                continue
            }
            switch record.type {
            case .result:
                guard let result = record.result, position[result.resultID] == nil else { continue }
                position[result.resultID] = waiting.count
                waiting.append(Entry(id: result.resultID, offset: found.offset, length: found.length))
            case .ack:
                for id in record.ids ?? [] where position[id] != nil { done.insert(id) }
            }
        }
        waiting.removeAll { done.contains($0.id) }
        self.entries = waiting
        self.fileSize = bytes.count
        self.durableBytes = waiting.reduce(0) { $0 + $1.length }

        if let torn = scan.tornTail {
            self.counters.tornRecords += 1
            self.logger.warning(
                "spool: skipped a torn last record (a write cut short when the agent stopped abruptly); the records before it are intact",
                metadata: ["offset": "\(torn.lowerBound)", "bytes": "\(torn.count)"]
            )
        }
        if !scan.corrupt.isEmpty || unreadable > 0 {
            self.counters.corruptRecords += scan.corrupt.count + unreadable
            self.logger.error(
                "spool: skipped damaged records (bad checksum or unreadable JSON); the results in them are lost",
                metadata: [
                    "damaged_ranges": "\(scan.corrupt.count)",
                    "damaged_bytes": "\(scan.corrupt.reduce(0) { $0 + $1.count })",
                    "unreadable_records": "\(unreadable)",
                    "first_offset": "\(scan.corrupt.first?.lowerBound ?? -1)",
                ]
            )
        }
        let dead = self.fileSize - SpoolFraming.fileHeader.count - self.durableBytes
        if scan.tornTail != nil || !scan.corrupt.isEmpty || unreadable > 0
            || dead > max(self.configuration.compactionMinimumBytes, self.durableBytes)
        {
            try self.compact(droppingOldest: 0)
        } else if self.fileSize > self.configuration.maxBytes {
            try self.compact(droppingOldest: 0)
        }
        self.logger.info(
            "spool opened",
            metadata: ["waiting": "\(self.entries.count)", "file_bytes": "\(self.fileSize)"]
        )
        self.publish()
    }

    /// Starts an empty spool file; a file that is not a spool is kept aside as `results.spool.corrupt-<time>`.
    private func startFresh(file: SpoolFile, existingBytes: Int) throws {
        do {
            if existingBytes > 0 {
                let aside = "\(self.path).corrupt-\(WallClock.now())"
                try SpoolFile.rename(self.path, to: aside)
                self.logger.error(
                    "spool: the spool file does not start with the spool header; it was moved aside and a new one started",
                    metadata: ["moved_to": "\(aside)", "bytes": "\(existingBytes)"]
                )
                self.counters.corruptRecords += 1
                let fresh = try SpoolFile(path: self.path, create: true, truncate: true)
                self.file = fresh
                try self.writeHeader(fresh)
            } else {
                try self.writeHeader(file)
            }
        } catch {
            throw SpoolError(.io, "the spool file cannot be created: \(error)")
        }
        self.logger.info("spool opened", metadata: ["waiting": "0", "file_bytes": "\(self.fileSize)"])
        self.publish()
    }

    private func writeHeader(_ file: SpoolFile) throws(SystemError) {
        try file.truncate(to: 0)
        try file.write(SpoolFraming.fileHeader, at: 0)
        try file.sync()
        try SpoolFile.syncDirectory(self.configuration.directory)
        self.counters.fsyncs += 2
        self.fileSize = SpoolFraming.fileHeader.count
        self.entries = []
        self.durableBytes = 0
        self.memoryBytes = 0
    }
}
