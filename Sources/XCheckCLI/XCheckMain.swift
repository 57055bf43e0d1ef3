import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Entry point. Exit codes: 0 healthy, 1 a problem was found, 2 bad input, 3 internal error (or, for
/// `xcheck check`, coordinator unreachable).
@main
enum XCheckMain {
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try XCheck.parseAsRoot()
        } catch {
            let code = XCheck.exitCode(for: error)
            let message = XCheck.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            Terminal.printError(ArgumentRedactor.redact(message, arguments: Array(CommandLine.arguments.dropFirst())))
            exit(ExitStatus.badInput)
        }
        do {
            var command = command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let status as ExitStatus {
            exit(status.code)
        } catch {
            // Errors from ArgumentParser (help requested, validation) carry their own meaning.
            switch XCheck.exitCode(for: error) {
            case .success:
                print(XCheck.fullMessage(for: error))
                exit(0)
            case .validationFailure:
                Terminal.printError(ArgumentRedactor.redact(XCheck.fullMessage(for: error), arguments: Array(CommandLine.arguments.dropFirst())))
                exit(ExitStatus.badInput)
            default:
                Terminal.printError("xcheck: internal error: \(error)")
                exit(ExitStatus.internalError)
            }
        }
    }
}
