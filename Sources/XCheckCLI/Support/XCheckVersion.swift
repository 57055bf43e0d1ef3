/// The version of the xcheck tools.
enum XCheckVersion {
    static let current = "0.1.0"
}
