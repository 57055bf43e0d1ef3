/// A command-line problem reported on stderr with exit status 2.
enum ToolError: Error {
    case usage(String)

    var message: String {
        switch self {
        case .usage(let message): message
        }
    }
}
