@testable import AgentCore
import Testing
import XCheckProtocol
import XCheckTestSupport

/// The spool on real files: order, acknowledgements, torn and corrupt records, the cap, compaction, fsync.
@Suite("Spool")
struct SpoolTests {
    static func open(_ directory: TestDirectory, maxBytes: Int = 64 << 20, log: LogCapture = LogCapture()) async throws -> Spool {
        var configuration = Spool.Configuration(directory: directory.path)
        configuration.maxBytes = maxBytes
        return try await Spool.open(configuration, logger: log.logger())
    }

    @Test("results come back in order; acknowledged ones are gone after a restart")
    func appendAcknowledgeReplay() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let results = (0..<5).map { Fixtures.result($0) }
        let spool = try await Self.open(directory)
        for result in results { try await spool.append(result) }
        #expect(try await spool.pending(limit: 100) == results)
        try await spool.acknowledge([results[1].resultID, results[3].resultID, "unknown-id"])
        #expect(try await spool.pending(limit: 100).map(\.resultID) == [0, 2, 4].map { results[$0].resultID })
        await spool.close()

        let reopened = try await Self.open(directory)
        let replayed = try await reopened.pending(limit: 100)
        #expect(replayed == [results[0], results[2], results[4]])
        #expect(try await reopened.pending(limit: 2).map(\.jobID) == ["job-0", "job-2"])
        await reopened.close()
    }

    @Test("a torn last record is detected, skipped and logged; the records before it are intact")
    func tornLastRecord() async throws {
        for cut in [1, 6, 11, 40] {
            let directory = TestDirectory()
            defer { directory.remove() }
            let results = (0..<3).map { Fixtures.result($0) }
            let spool = try await Self.open(directory)
            for result in results { try await spool.append(result) }
            await spool.close()

            let bytes = directory.read("results.spool")
            let scan = SpoolFraming.scan(bytes)
            #expect(scan.records.count == 3)
            let last = scan.records[2]
            directory.write("results.spool", Array(bytes[0..<(last.offset + cut)]))  // kill -9 in mid-write

            let log = LogCapture()
            let reopened = try await Self.open(directory, log: log)
            #expect(try await reopened.pending(limit: 100) == Array(results[0..<2]), "cut after \(cut) bytes")
            #expect(await reopened.stats.tornRecords == 1)
            #expect(await reopened.stats.corruptRecords == 0)
            #expect(log.matching("torn last record").count == 1)
            #expect(log.matching("torn last record").first?.metadata["offset"] == "\(last.offset)")
            // The file was rewritten without the torn bytes, and appending goes on cleanly.
            #expect(directory.read("results.spool").count == last.offset)
            try await reopened.append(results[2])
            await reopened.close()
            let again = try await Self.open(directory)
            #expect(try await again.pending(limit: 100) == results)
            #expect(await again.stats.tornRecords == 0)
            await again.close()
        }
    }

    @Test("a record with a bad checksum is skipped and logged; the ones around it survive")
    func corruptRecord() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let results = (0..<3).map { Fixtures.result($0) }
        let spool = try await Self.open(directory)
        for result in results { try await spool.append(result) }
        await spool.close()

        var bytes = directory.read("results.spool")
        let middle = SpoolFraming.scan(bytes).records[1]
        bytes[middle.payload.lowerBound + 20] ^= 0x20  // one flipped bit in the JSON
        directory.write("results.spool", bytes)

        let log = LogCapture()
        let reopened = try await Self.open(directory, log: log)
        #expect(try await reopened.pending(limit: 100) == [results[0], results[2]])
        #expect(await reopened.stats.corruptRecords == 1)
        #expect(log.matching("damaged records").count == 1)
        #expect(log.matching("damaged records").first?.level == .error)
        await reopened.close()
    }

    @Test("garbage between records and a file that is not a spool")
    func garbage() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let results = (0..<2).map { Fixtures.result($0) }
        let spool = try await Self.open(directory)
        for result in results { try await spool.append(result) }
        await spool.close()
        var bytes = directory.read("results.spool")
        let second = SpoolFraming.scan(bytes).records[1]
        bytes.insert(contentsOf: Array("XCR1 garbage that looks like a record start".utf8), at: second.offset)
        directory.write("results.spool", bytes)
        let reopened = try await Self.open(directory)
        #expect(try await reopened.pending(limit: 100) == results)
        #expect(await reopened.stats.corruptRecords == 1)
        await reopened.close()

        directory.write("results.spool", Array("not a spool at all".utf8))
        let log = LogCapture()
        let fresh = try await Self.open(directory, log: log)
        #expect(await fresh.depth == 0)
        #expect(log.matching("moved aside").count == 1)
        #expect(directory.list().contains { $0.hasPrefix("results.spool.corrupt-") })
        await fresh.close()
    }

    @Test("past the cap the oldest results are dropped, counted and logged")
    func capDropsOldest() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let cap = 64 << 10
        let log = LogCapture()
        let spool = try await Self.open(directory, maxBytes: cap, log: log)
        let results = (0..<40).map { Fixtures.result($0, padding: 4000) }
        for result in results {
            try await spool.append(result)
            #expect(directory.read("results.spool").count <= cap)
        }
        let stats = await spool.stats
        #expect(stats.dropped > 0)
        #expect(stats.depth + stats.dropped == 40)
        let kept = try await spool.pending(limit: 100)
        #expect(kept == Array(results.suffix(stats.depth)), "the newest results are kept, in order")
        let logged = log.matching("spool full")
        #expect(!logged.isEmpty)
        #expect(logged.allSatisfy { $0.level == .error })
        #expect(logged.compactMap { Int($0.metadata["dropped"] ?? "") }.reduce(0, +) == stats.dropped)
        #expect(logged.first?.metadata["first_dropped"] == results[0].resultID)
        await spool.close()

        let reopened = try await Self.open(directory, maxBytes: cap)
        #expect(try await reopened.pending(limit: 100) == kept)
        await reopened.close()
    }

    @Test("compaction keeps exactly the unacknowledged results, through temp file, fsync and rename")
    func compaction() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let results = (0..<6).map { Fixtures.result($0) }
        let spool = try await Self.open(directory)
        let fsyncsAtOpen = await spool.stats.fsyncs
        #expect(fsyncsAtOpen == 2, "a new spool file: the file and its directory")
        for result in results { try await spool.append(result) }
        #expect(await spool.stats.fsyncs == fsyncsAtOpen + 6, "one fsync per appended result")
        try await spool.acknowledge([0, 2, 4].map { results[$0].resultID })
        #expect(await spool.stats.fsyncs == fsyncsAtOpen + 6, "acknowledgements are not fsync'd")
        let before = directory.read("results.spool").count

        try await spool.compact()
        let stats = await spool.stats
        #expect(stats.compactions == 1)
        #expect(stats.fsyncs == fsyncsAtOpen + 8, "the new file and the directory")
        let after = directory.read("results.spool")
        #expect(after.count < before)
        let scan = SpoolFraming.scan(after)
        #expect(scan.records.count == 3 && scan.corrupt.isEmpty && scan.tornTail == nil)
        #expect(after.count == stats.fileBytes)
        #expect(directory.list() == ["agent.lock", "results.spool"], "no temporary file is left")
        #expect(try await spool.pending(limit: 100) == [results[1], results[3], results[5]])
        try await spool.append(results[0])
        await spool.close()

        let reopened = try await Self.open(directory)
        #expect(try await reopened.pending(limit: 100) == [results[1], results[3], results[5], results[0]])
        await reopened.close()
    }

    @Test("when everything is acknowledged the file shrinks to its header")
    func allAcknowledged() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let results = (0..<3).map { Fixtures.result($0) }
        let spool = try await Self.open(directory)
        for result in results { try await spool.append(result) }
        try await spool.acknowledge(results.map(\.resultID))
        #expect(await spool.depth == 0)
        #expect(directory.read("results.spool") == SpoolFraming.fileHeader)
        await spool.close()
    }

    @Test("acknowledgement records survive a restart without compaction")
    func acknowledgementsReplayed() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let results = (0..<4).map { Fixtures.result($0) }
        let spool = try await Self.open(directory)
        for result in results { try await spool.append(result) }
        try await spool.acknowledge([results[0].resultID])
        await spool.close()
        let scan = SpoolFraming.scan(directory.read("results.spool"))
        #expect(scan.records.count == 5, "four results and one acknowledgement record")
        let reopened = try await Self.open(directory)
        #expect(try await reopened.pending(limit: 100) == Array(results[1...]))
        await reopened.close()
    }

    @Test("batches are limited by count and bytes, never empty")
    func pendingLimits() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let spool = try await Self.open(directory)
        for n in 0..<5 { try await spool.append(Fixtures.result(n, padding: 1000)) }
        let recordBytes = (await spool.stats.fileBytes - SpoolFraming.fileHeader.count) / 5
        #expect(try await spool.pending(limit: 3).count == 3)
        #expect(try await spool.pending(limit: 10, maxBytes: 2 * recordBytes + recordBytes / 2).count == 2)
        #expect(try await spool.pending(limit: 10, maxBytes: 10).count == 1)
        await spool.close()
    }

    @Test("a refused result is set aside in rejected.spool")
    func discard() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let results = (0..<2).map { Fixtures.result($0) }
        let spool = try await Self.open(directory)
        for result in results { try await spool.append(result) }
        try await spool.discard(results[0].resultID, reason: "bad_request")
        #expect(try await spool.pending(limit: 10) == [results[1]])
        #expect(await spool.stats.rejected == 1)
        let rejected = SpoolFraming.scan(directory.read("rejected.spool"))
        #expect(rejected.records.count == 1)
        await spool.close()
    }

    @Test("one process at a time: a second open of the directory is refused")
    func lock() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let spool = try await Self.open(directory)
        await #expect(throws: SpoolError.self) { _ = try await Self.open(directory) }
        do {
            _ = try await Self.open(directory)
        } catch let error as SpoolError {
            #expect(error.code == .locked)
            #expect(error.message.contains("another xcheck-agent"))
        }
        await spool.close()
        let again = try await Self.open(directory)
        await again.close()
    }

    @Test("a closed spool refuses work")
    func closed() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        let spool = try await Self.open(directory)
        await spool.close()
        await #expect(throws: SpoolError.self) { try await spool.append(Fixtures.result(1)) }
    }

    @Test("a missing spool directory is created with mode 0700")
    func createsDirectory() async throws {
        let directory = TestDirectory()
        defer { directory.remove() }
        var configuration = Spool.Configuration(directory: directory.file("state/spool"))
        configuration.maxBytes = 1 << 20
        let spool = try await Spool.open(configuration, logger: LogCapture().logger())
        try await spool.append(Fixtures.result(1))
        #expect(await spool.depth == 1)
        await spool.close()
    }
}

/// The framing on its own.
@Suite("Spool framing")
struct SpoolFramingTests {
    @Test("CRC-32 matches the standard check value")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        var incremental = CRC32()
        incremental.update(Array("12345".utf8))
        incremental.update(Array("6789".utf8))
        #expect(incremental.value == 0xCBF4_3926)
    }

    @Test("a scan finds framed records and reports a torn tail")
    func scan() {
        let payloads = [Array("{\"a\":1}".utf8), Array("{}".utf8), [UInt8](repeating: 65, count: 300)]
        var bytes = SpoolFraming.fileHeader
        for payload in payloads { bytes += SpoolFraming.frame(payload) }
        let scan = SpoolFraming.scan(bytes)
        #expect(scan.records.map { Array(bytes[$0.payload]) } == payloads)
        #expect(scan.tornTail == nil && scan.corrupt.isEmpty && scan.headerValid)

        let torn = SpoolFraming.scan(Array(bytes.dropLast(100)))
        #expect(torn.records.count == 2)
        #expect(torn.tornTail?.lowerBound == scan.records[2].offset)

        var zeroed = bytes
        for i in (scan.records[2].offset + 20)..<zeroed.count { zeroed[i] = 0 }
        let zeroTail = SpoolFraming.scan(zeroed)
        #expect(zeroTail.records.count == 2)
        #expect(zeroTail.tornTail != nil, "a zero-filled last record counts as torn")

        #expect(SpoolFraming.scan(Array("XCSPOOL0".utf8)).headerValid == false)
        #expect(SpoolFraming.scan([]).records.isEmpty)
    }
}
