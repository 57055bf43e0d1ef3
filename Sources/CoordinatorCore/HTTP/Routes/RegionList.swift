import XCheckProtocol
/// Validation of region lists in requests.
enum RegionList {
    static func validated(_ regions: [String]?) throws -> [String]? {
        guard let regions else { return nil }
        guard !regions.isEmpty, regions.count <= 64 else { throw APIFailure.badRequest("regions must list 1 to 64 regions") }
        for region in regions {
            guard (1...64).contains(region.count), region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                throw APIFailure.badRequest("region names are 1 to 64 letters, digits, '-', '_' or '.'")
            }
        }
        return Array(Set(regions)).sorted()
    }
}
