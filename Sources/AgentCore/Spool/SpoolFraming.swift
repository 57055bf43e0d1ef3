/// The byte layout of the spool file, and the scan that reads it back.
///
/// The file starts with an 8-byte header, `XCSPOOL1`. Each record follows as
/// `magic "XCR1" | payload length (UInt32, little-endian) | CRC-32 of the length bytes and payload (UInt32,
/// little-endian) | payload (JSON)`. The magic lets the reader find the next record after a damaged one; the
/// CRC tells a complete record from a torn or corrupt one.
enum SpoolFraming {
    /// The file header.
    static let fileHeader: [UInt8] = Array("XCSPOOL1".utf8)
    /// The first four bytes of every record.
    static let magic: [UInt8] = Array("XCR1".utf8)
    /// Magic, length and CRC.
    static let recordHeaderLength = 12
    /// The largest payload the reader accepts (a longer length field is damage, not a record).
    static let maxPayloadLength = 16 << 20

    /// The framed record for a payload.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var record = self.magic
        record.reserveCapacity(self.recordHeaderLength + payload.count)
        let length = self.littleEndian(UInt32(payload.count))
        record += length
        var crc = CRC32()
        crc.update(length)
        crc.update(payload)
        record += self.littleEndian(crc.value)
        record += payload
        return record
    }

    /// One record found by ``scan(_:)``.
    struct Found: Sendable, Hashable {
        /// Where the record starts in the file.
        var offset: Int
        /// The whole record's length (header and payload).
        var length: Int
        /// The payload's range in the scanned bytes.
        var payload: Range<Int>
    }

    /// What a scan of the file found.
    struct ScanResult: Sendable, Hashable {
        /// Complete records with a valid CRC, in file order.
        var records: [Found] = []
        /// Damaged byte ranges that were skipped (a bad CRC, garbage between records).
        var corrupt: [Range<Int>] = []
        /// The incomplete last record, when the file ends in the middle of one (a write cut short by a crash).
        var tornTail: Range<Int>?
        /// False when the file does not start with the spool header.
        var headerValid = true
    }

    /// Reads every record of a spool file's bytes.
    static func scan(_ bytes: [UInt8]) -> ScanResult {
        var result = ScanResult()
        guard !bytes.isEmpty else { return result }
        guard bytes.count >= self.fileHeader.count, bytes[0..<self.fileHeader.count].elementsEqual(self.fileHeader)
        else {
            result.headerValid = false
            return result
        }
        var position = self.fileHeader.count
        while position < bytes.count {
            switch self.record(in: bytes, at: position) {
            case .valid(let found):
                result.records.append(found)
                position = found.offset + found.length
            case .incomplete:
                if let next = self.nextValid(in: bytes, after: position) {
                    result.corrupt.append(position..<next)
                    position = next
                } else {
                    result.tornTail = position..<bytes.count
                    position = bytes.count
                }
            case .invalid(let magicMatched):
                if let next = self.nextValid(in: bytes, after: position) {
                    result.corrupt.append(position..<next)
                    position = next
                } else if magicMatched {
                    // A last record whose bytes never fully reached the disk (e.g. a zero-filled tail).
                    result.tornTail = position..<bytes.count
                    position = bytes.count
                } else {
                    result.corrupt.append(position..<bytes.count)
                    position = bytes.count
                }
            }
        }
        return result
    }

    private enum Probe {
        case valid(Found)
        case incomplete
        case invalid(magicMatched: Bool)
    }

    private static func record(in bytes: [UInt8], at position: Int) -> Probe {
        let available = bytes.count - position
        let magicCount = min(available, self.magic.count)
        let magicMatched = bytes[position..<(position + magicCount)].elementsEqual(self.magic.prefix(magicCount))
        guard magicMatched else { return .invalid(magicMatched: false) }
        guard available >= self.recordHeaderLength else { return .incomplete }
        let length = Int(self.readUInt32(bytes, at: position + 4))
        guard length <= self.maxPayloadLength else { return .invalid(magicMatched: true) }
        guard available >= self.recordHeaderLength + length else { return .incomplete }
        let stored = self.readUInt32(bytes, at: position + 8)
        let payload = (position + self.recordHeaderLength)..<(position + self.recordHeaderLength + length)
        var crc = CRC32()
        crc.update(bytes[(position + 4)..<(position + 8)])
        crc.update(bytes[payload])
        guard crc.value == stored else { return .invalid(magicMatched: true) }
        return .valid(Found(offset: position, length: self.recordHeaderLength + length, payload: payload))
    }

    /// The offset of the next complete, valid record after `position`, or nil.
    private static func nextValid(in bytes: [UInt8], after position: Int) -> Int? {
        var candidate = position + 1
        while candidate + self.recordHeaderLength <= bytes.count {
            if bytes[candidate] == self.magic[0], case .valid = self.record(in: bytes, at: candidate) {
                return candidate
            }
            candidate += 1
        }
        return nil
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}
