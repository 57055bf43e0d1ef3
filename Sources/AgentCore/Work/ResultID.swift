/// Result ids: random UUIDs (version 4), chosen when a result is spooled and kept with it, so a batch sent
/// again after a lost answer carries the same ids and the coordinator stores each result once.
public enum ResultID {
    /// A new random UUID v4 in lower-case text form (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`), from the system's
    /// cryptographic random source (`getrandom` on Linux).
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return self.random(using: &generator)
    }

    /// A UUID v4 from the given generator (tests pass a seeded one).
    public static func random(using generator: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let digits: [Character] = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append("-") }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
