import Foundation
import PanelSimulator
import Testing
import XCheckTestSupport

/// Checks a `xcheck probe --json` document against the JSON contract and returns every violation.
enum JSONContract {
    static let panelValues: Set<String> = ["xtream_codes", "xui", "unknown"]

    static func violations(_ document: JSONValue) -> [String] {
        var problems: [String] = []
        func require(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { problems.append(message()) }
        }
        func stringOrNull(_ value: JSONValue?) -> Bool { value?.string != nil || value?.isNull == true }
        func integerOrNull(_ value: JSONValue?) -> Bool { value?.isInteger == true || value?.isNull == true }
        func numberOrNull(_ value: JSONValue?) -> Bool { value?.number != nil || value?.isNull == true }

        guard document.object != nil else { return ["the document is not an object: \(document)"] }

        // target
        if let target = document["target"], target.object != nil {
            for key in ["url", "scheme", "host"] {
                require(target[key]?.string != nil, "target.\(key) must be a string, got \(String(describing: target[key]))")
            }
            require(target["port"]?.isInteger == true, "target.port must be an integer, got \(String(describing: target["port"]))")
            require(target["username"] != nil, "target.username is missing")
            require(stringOrNull(target["username"]), "target.username must be a string or null")
        } else {
            problems.append("target must be an object, got \(String(describing: document["target"]))")
        }

        // input_warnings
        if let warnings = document["input_warnings"]?.array {
            for warning in warnings {
                require(warning["code"]?.string != nil, "input_warnings[].code must be a string: \(warning)")
                require(warning["message"]?.string != nil, "input_warnings[].message must be a string: \(warning)")
            }
        } else {
            problems.append("input_warnings must be an array")
        }

        // outcome, stage, http_status
        require(document["outcome"]?.string?.isEmpty == false, "outcome must be a non-empty string")
        require(document["stage"] != nil, "stage is missing")
        require(stringOrNull(document["stage"]), "stage must be a string or null, got \(String(describing: document["stage"]))")
        require(document["http_status"] != nil, "http_status is missing")
        require(integerOrNull(document["http_status"]), "http_status must be an integer or null")

        // timings_ms
        if let timings = document["timings_ms"], timings.object != nil {
            for key in ["dns", "connect", "tls", "first_byte", "total"] {
                require(timings[key] != nil, "timings_ms.\(key) is missing")
                require(numberOrNull(timings[key]), "timings_ms.\(key) must be a number or null, got \(String(describing: timings[key]))")
            }
        } else {
            problems.append("timings_ms must be an object")
        }

        // panel
        if let panel = document["panel"]?.string {
            require(Self.panelValues.contains(panel), "panel must be one of \(Self.panelValues.sorted()), got \(panel)")
        } else {
            problems.append("panel must be a string")
        }

        // account
        if let account = document["account"] {
            if account.object != nil {
                require(account["status"]?.string != nil, "account.status must be a string")
                require(account["expires_at"] != nil && integerOrNull(account["expires_at"]), "account.expires_at must be an integer or null")
                require(account["is_trial"]?.isBool == true, "account.is_trial must be a Bool, got \(String(describing: account["is_trial"]))")
                for key in ["active_connections", "max_connections"] {
                    require(account[key] != nil && integerOrNull(account[key]), "account.\(key) must be an integer or null")
                }
            } else {
                require(account.isNull, "account must be an object or null, got \(account)")
            }
        } else {
            problems.append("account is missing")
        }

        // alternatives
        if let alternatives = document["alternatives"]?.array {
            for alternative in alternatives {
                require(alternative["url"]?.string != nil, "alternatives[].url must be a string: \(alternative)")
                require(alternative["outcome"]?.string != nil, "alternatives[].outcome must be a string: \(alternative)")
            }
        } else {
            problems.append("alternatives must be an array")
        }

        // advice
        if let advice = document["advice"]?.array {
            require(advice.allSatisfy { $0.string != nil }, "advice must hold only strings")
        } else {
            problems.append("advice must be an array")
        }
        return problems
    }
}

/// One document to check, with the values the contract fixes for it.
struct ContractCase: Sendable, CustomTestStringConvertible {
    var name: String
    var family: SimulatorConfiguration.Family = .xtreamCodes
    var useClosedPort = false
    var credentials: [String]
    var exit: Int32
    var outcome: String
    var stage: JSONValue
    var httpStatus: JSONValue
    var panel: String
    var hasAccount: Bool
    var username: JSONValue

    var testDescription: String { self.name }

    static let all: [ContractCase] = [
        ContractCase(
            name: "ok login", credentials: ["-u", "active", "-p", "secret"], exit: Exit.healthy, outcome: "ok",
            stage: .null, httpStatus: .number(200), panel: "xtream_codes", hasAccount: true, username: .string("active")
        ),
        ContractCase(
            name: "ok login on XUI", family: .xui, credentials: ["-u", "trial", "-p", "secret"], exit: Exit.healthy,
            outcome: "ok", stage: .null, httpStatus: .number(200), panel: "xui", hasAccount: true,
            username: .string("trial")
        ),
        ContractCase(
            name: "connection refused", useClosedPort: true, credentials: ["-u", "active", "-p", "secret"],
            exit: Exit.problem, outcome: "connection_refused", stage: .string("connect"), httpStatus: .null,
            panel: "unknown", hasAccount: false, username: .string("active")
        ),
        ContractCase(
            name: "connection refused without credentials", useClosedPort: true, credentials: [], exit: Exit.problem,
            outcome: "connection_refused", stage: .string("connect"), httpStatus: .null, panel: "unknown",
            hasAccount: false, username: .null
        ),
        ContractCase(
            name: "reachable without credentials", credentials: [], exit: Exit.healthy, outcome: "reachable",
            stage: .null, httpStatus: .number(200), panel: "unknown", hasAccount: false, username: .null
        ),
        ContractCase(
            name: "wrong password", credentials: ["-u", "active", "-p", "wrong"], exit: Exit.problem,
            outcome: "credentials_rejected", stage: .string("login"), httpStatus: .number(200),
            panel: "xtream_codes", hasAccount: false, username: .string("active")
        ),
    ]
}

@Suite("xcheck probe --json contract")
struct JSONContractTests {
    @Test("every contract key is present with the right type", arguments: ContractCase.all)
    func contract(_ row: ContractCase) async throws {
        try await Panels.with(SimulatorConfiguration(family: row.family)) { panel in
            let url = row.useClosedPort ? Panels.closedURL() : panel.baseURL
            let result = try await CLIRunner.probe([url] + row.credentials + ["--json"])
            #expect(result.status == row.exit, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            let document = try result.json()

            let problems = JSONContract.violations(document)
            #expect(problems.isEmpty, "contract violations: \(problems)\n\(result)")

            #expect(document["outcome"] == .string(row.outcome))
            #expect(document["stage"] == row.stage)
            #expect(document["http_status"] == row.httpStatus)
            #expect(document["panel"] == .string(row.panel))
            #expect((document["account"]?.object != nil) == row.hasAccount)
            #expect(document["account"]?.isNull == !row.hasAccount)
            #expect(document["advice"]?.array?.isEmpty == false, "there is always advice")

            let target = try #require(document["target"])
            #expect(target["url"] == .string(url))
            #expect(target["scheme"] == .string("http"))
            #expect(target["host"] == .string("127.0.0.1"))
            #expect(target["port"]?.number.map { Int($0) } == Int(url.split(separator: ":").last!))
            #expect(target["username"] == row.username)

            let timings = try #require(document["timings_ms"])
            #expect(timings["total"]?.number != nil, "the total is always measured")
            #expect(timings["tls"] == .null, "plain http has no TLS stage")
            if row.useClosedPort {
                #expect(timings["first_byte"] == .null)
            } else {
                #expect(timings["connect"]?.number != nil)
                #expect(timings["first_byte"]?.number != nil)
            }
        }
    }

    @Test("an ok login reports the account the panel describes")
    func accountValues() async throws {
        let accounts = [
            SimulatorConfiguration.Account(
                username: "acct", expiresAt: 4_102_444_800, isTrial: true, activeConnections: 1, maxConnections: 3
            )
        ]
        try await Panels.with(SimulatorConfiguration(accounts: accounts)) { panel in
            let result = try await CLIRunner.probe([panel.baseURL, "-u", "acct", "-p", "secret", "--json", "--no-port-checks"])
            #expect(result.status == Exit.healthy, "\(result)")
            let account = try #require(try result.json()["account"])
            #expect(account["status"] == .string("active"))
            #expect(account["expires_at"] == .number(4_102_444_800))
            #expect(account["is_trial"] == .bool(true))
            #expect(account["active_connections"] == .number(1))
            #expect(account["max_connections"] == .number(3))
        }
    }

    @Test("standard output holds only the JSON document")
    func onlyJSON() async throws {
        try await Panels.with { panel in
            let result = try await CLIRunner.probe([panel.baseURL, "-u", "active", "-p", "secret", "--json"])
            let trimmed = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(trimmed.hasPrefix("{") && trimmed.hasSuffix("}"), "\(result)")
            #expect(throws: Never.self) { try result.json() }
        }
    }
}
