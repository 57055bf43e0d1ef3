/// A body generated on the fly: `prefix`, then `fillCount` copies of `fill`, then `suffix`.
/// Lets the simulator send gigabytes or ten minutes' worth of bytes without holding them in memory.
struct StreamedBody {
    let prefix: [UInt8]
    let fill: UInt8
    let fillCount: Int
    let suffix: [UInt8]

    var count: Int { prefix.count + fillCount + suffix.count }

    /// Exactly `bytes` bytes of valid JSON when `bytes >= 14` (`{"padding":"aaa…"}`); spaces below that.
    static func hugeJSON(bytes: Int) -> StreamedBody {
        let prefix = Array(#"{"padding":""#.utf8)
        let suffix = Array(#""}"#.utf8)
        guard bytes >= prefix.count + suffix.count else {
            return StreamedBody(prefix: [], fill: UInt8(ascii: " "), fillCount: bytes, suffix: [])
        }
        return StreamedBody(
            prefix: prefix,
            fill: UInt8(ascii: "a"),
            fillCount: bytes - prefix.count - suffix.count,
            suffix: suffix
        )
    }

    /// `json` preceded by enough whitespace that sending `bytesPerTick` every tick lasts `durationMilliseconds`.
    static func drip(json: [UInt8], bytesPerTick: Int, tickMilliseconds: Int, durationMilliseconds: Int) -> StreamedBody {
        let ticks = max(1, durationMilliseconds / max(1, tickMilliseconds))
        let (total, overflow) = ticks.multipliedReportingOverflow(by: bytesPerTick)
        let padding = overflow ? Int.max / 2 : max(0, total - json.count)
        return StreamedBody(prefix: [], fill: UInt8(ascii: " "), fillCount: padding, suffix: json)
    }

    /// A run of body bytes: literal bytes or one byte repeated.
    enum Segment {
        case bytes(ArraySlice<UInt8>)
        case repeated(UInt8, count: Int)
    }

    /// Calls `body` with the segments covering `offset ..< offset + length` (clamped to the body), in order.
    func forEachSegment(offset: Int, length: Int, _ body: (Segment) -> Void) {
        let end = min(count, offset + length)
        var position = max(0, offset)
        while position < end {
            if position < prefix.count {
                let take = min(end, prefix.count) - position
                body(.bytes(prefix[position..<(position + take)]))
                position += take
            } else if position < prefix.count + fillCount {
                let take = min(end, prefix.count + fillCount) - position
                body(.repeated(fill, count: take))
                position += take
            } else {
                let start = position - prefix.count - fillCount
                let take = end - position
                body(.bytes(suffix[start..<(start + take)]))
                position += take
            }
        }
    }

    /// The bytes in `offset ..< offset + length` (clamped to the body).
    func bytes(offset: Int, length: Int) -> [UInt8] {
        var output: [UInt8] = []
        forEachSegment(offset: offset, length: length) { segment in
            switch segment {
            case .bytes(let bytes): output.append(contentsOf: bytes)
            case .repeated(let byte, let count): output.append(contentsOf: repeatElement(byte, count: count))
            }
        }
        return output
    }
}
