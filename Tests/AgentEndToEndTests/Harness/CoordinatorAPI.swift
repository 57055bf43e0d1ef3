import Curl
import Foundation
import XCheckProtocol

/// The coordinator's user API over loopback, through the project's libcurl driver, with an admin token.
final class CoordinatorAPI: Sendable {
    let driver: CurlDriver
    let baseURL: String
    let token: String

    init(baseURL: String, token: String) throws {
        self.driver = try CurlDriver.start()
        self.baseURL = baseURL
        self.token = token
    }

    func shutdown() async {
        await self.driver.shutdown()
    }

    private struct CheckBody: Encodable {
        var url: String
        var username: String?
        var password: String?
        var wait_seconds: Int
    }

    private struct AgentList: Decodable {
        var agents: [AgentRecord]
    }

    /// `POST /v1/checks`: one job for every live agent. With `waitSeconds` 0 it answers at once.
    @discardableResult
    func createCheck(url: String, username: String? = nil, password: String? = nil, waitSeconds: Int = 0) async throws -> CheckDocument {
        let body = Array(try JSONEncoder().encode(CheckBody(url: url, username: username, password: password, wait_seconds: waitSeconds)))
        let (status, answer) = try await self.perform("/v1/checks", kind: .post(body: body, contentType: "application/json"))
        guard status == 200 else { throw E2E.Failure("POST /v1/checks \(url) → \(status) \(String(decoding: answer, as: UTF8.self).prefix(500))") }
        return try JSONDecoder().decode(CheckDocument.self, from: Data(answer))
    }

    /// `GET /v1/agents`.
    func agents() async throws -> [AgentRecord] {
        let (status, answer) = try await self.perform("/v1/agents", kind: .get)
        guard status == 200 else { throw E2E.Failure("GET /v1/agents → \(status) \(String(decoding: answer, as: UTF8.self).prefix(500))") }
        return try JSONDecoder().decode(AgentList.self, from: Data(answer)).agents
    }

    /// The agent called `name`, if listed (nil also while the coordinator cannot be reached).
    func agent(_ name: String) async -> AgentRecord? {
        (try? await self.agents())?.first { $0.name == name }
    }

    private func perform(_ path: String, kind: TransferRequest.Kind) async throws -> (Int, [UInt8]) {
        let request = TransferRequest(
            url: self.baseURL + path, kind: kind, headers: ["Authorization: Bearer \(self.token)"],
            totalTimeout: .seconds(90), maxRedirects: 0, maxBodyBytes: 16 << 20)
        let report = try await self.driver.perform(request)
        guard let status = report.httpStatus else {
            throw E2E.Failure("\(path): no HTTP answer (\(report.code) \(report.errorMessage))")
        }
        return (status, report.body)
    }
}
