/// The rule for region names, shared by the coordinator (which refuses others with 400) and the CLI (which
/// refuses them before asking, as bad input).
public enum RegionName {
    /// Why `name` cannot be a region name, or nil when it can.
    public static func problem(_ name: String) -> String? {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            return "region names are 1 to 64 letters, digits, '-', '_' or '.'"
        }
        return nil
    }

    /// Why a list of region names cannot be used, or nil when it can (1 to 64 valid names).
    public static func problem(list: [String]) -> String? {
        guard !list.isEmpty, list.count <= 64 else { return "regions must list 1 to 64 regions" }
        for name in list {
            if let problem = Self.problem(name) { return "\(problem); got \"\(name)\"" }
        }
        return nil
    }
}
