extension Sequence where Element: Hashable {
    /// The element that occurs most often; on a tie, the one that occurs first. Nil when empty.
    func mostCommon() -> Element? {
        var counts: [Element: Int] = [:]
        var order: [Element] = []
        for element in self {
            if counts[element] == nil { order.append(element) }
            counts[element, default: 0] += 1
        }
        var best: Element?
        var bestCount = 0
        for element in order where counts[element, default: 0] > bestCount {
            best = element
            bestCount = counts[element, default: 0]
        }
        return best
    }

    /// The distinct elements in order of first appearance.
    func distinct() -> [Element] {
        var seen = Set<Element>()
        return self.filter { seen.insert($0).inserted }
    }
}
