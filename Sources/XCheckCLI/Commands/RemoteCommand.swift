import ArgumentParser
import Curl

/// Runs a body with a coordinator client; a missing coordinator or an unreachable one exits 3 with a clear
/// message, a refusal (401, 403, 404, 4xx) exits 1 with the coordinator's own message.
enum RemoteCommand {
    static func with<T>(_ options: CoordinatorOptions, _ body: (CoordinatorClient) async throws -> T) async throws -> T {
        let settings = try options.resolve()
        guard let url = settings.url else {
            Terminal.printError("xcheck: no coordinator is configured: give --coordinator, set XCHECK_COORDINATOR, or add 'coordinator = URL' to \(ConfigFile.path ?? "~/.config/xcheck/config")")
            throw ExitStatus(code: ExitStatus.internalError)
        }
        let driver = try CurlDriver.start()
        do {
            let value = try await body(CoordinatorClient(driver: driver, baseURL: url, token: settings.token))
            await driver.shutdown()
            return value
        } catch let failure as CoordinatorClient.Failure {
            await driver.shutdown()
            Terminal.printError("xcheck: \(failure)")
            if case .refused = failure { throw ExitStatus(code: ExitStatus.problem) }
            throw ExitStatus(code: ExitStatus.internalError)
        } catch {
            await driver.shutdown()
            throw error
        }
    }
}
