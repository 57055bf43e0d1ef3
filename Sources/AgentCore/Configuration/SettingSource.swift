/// Where a setting's value came from, for error messages.
public enum SettingSource: Sendable, Hashable, CustomStringConvertible {
    case flag(String)
    case environment(String)
    case file(path: String, line: Int, key: String)

    public var description: String {
        switch self {
        case .flag(let name): return name
        case .environment(let name): return name
        case .file(let path, let line, let key): return "\(path):\(line): \(key)"
        }
    }
}

/// A raw setting value and its source.
public struct SettingValue: Sendable, Hashable {
    public var text: String
    public var source: SettingSource

    public init(text: String, source: SettingSource) {
        self.text = text
        self.source = source
    }
}
