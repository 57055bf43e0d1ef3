import XCheckProtocol
/// A job claimed by an agent, with what it needs to run (the password still sealed).
struct ClaimedJob: Sendable {
    var id: String
    var kind: String
    var url: String
    var username: String?
    var passwordSealed: [UInt8]?
    var deadline: Int64
}
