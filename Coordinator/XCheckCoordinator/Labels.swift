import ArgumentParser

/// Names, regions and network labels: short, printable, no spaces.
enum Labels {
    static func check(_ value: String, _ option: String) throws {
        guard (1...64).contains(value.count),
            value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        else { throw ValidationError("\(option) takes 1 to 64 letters, digits, '-', '_' or '.'") }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
