import XCheckProtocol

/// Validation of region lists in requests (the rule itself is ``RegionName``).
enum RegionList {
    static func validated(_ regions: [String]?) throws -> [String]? {
        guard let regions else { return nil }
        if let problem = RegionName.problem(list: regions) { throw APIFailure.badRequest(problem) }
        return Array(Set(regions)).sorted()
    }
}
