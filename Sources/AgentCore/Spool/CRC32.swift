/// CRC-32 (IEEE 802.3, the polynomial of zlib, gzip and PNG: reflected 0xEDB88320, initial value and final
/// XOR 0xFFFFFFFF). The spool stores it with every record to detect torn and corrupt records.
public struct CRC32: Sendable, Hashable {
    /// The running value, before the final XOR.
    private var state: UInt32 = 0xFFFF_FFFF

    /// The lookup table, one entry per byte value.
    private static let table: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    public init() {}

    /// Feeds more bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var crc = self.state
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        self.state = crc
    }

    /// The checksum of everything fed so far.
    public var value: UInt32 { self.state ^ 0xFFFF_FFFF }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
