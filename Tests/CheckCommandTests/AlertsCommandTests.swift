import Foundation
import Testing
import XCheckProtocol

extension CheckCommandTests {
    /// `xcheck alerts add|list|rm|log` against the real coordinator: admin only, the destination never printed.
    @Suite("alerts")
    struct AlertsCommands {
        struct AlertList: Decodable { var alerts: [AlertDocument] }
        struct DeliveryList: Decodable { var deliveries: [AlertDeliveryDocument] }

        @Test("add (URL from stdin, --sign; telegram), list, log, rm; no URL, token or secret in any output or the coordinator's log")
        func crud() async throws {
            let lab = try currentLab()
            let hookPath = "/services/\(UUID().uuidString)"
            let hookURL = "https://hooks.example.net\(hookPath)"
            let botToken = "123456:\(UUID().uuidString.replacing("-", with: ""))"
            var outputs: [CLIResult] = []

            let webhook = try await lab.xcheck(["alerts", "add", "webhook", "--url-stdin", "--sign", "--name", "ops", "--json"], environment: lab.connected, stdin: hookURL + "\n")
            outputs.append(webhook)
            #expect(webhook.status == Exit.up, "\(webhook)")
            let created = try webhook.decode(AlertDocument.self)
            #expect(created.destination == "https://hooks.example.net/…" && created.signed && created.name == "ops" && created.targetID == nil)
            let secret = try #require(created.signingSecret)

            let telegram = try await lab.xcheck(["alerts", "add", "telegram", "--bot-token", botToken, "--chat", "12345"], environment: lab.connected)
            outputs.append(telegram)
            #expect(telegram.status == Exit.up, "\(telegram)")
            #expect(telegram.stdout.contains("added: telegram to telegram chat 12345, for every target"), "\(telegram)")

            // Refusals: bad input is exit 2 (parse) or 1 (the coordinator refused); neither echoes the secret.
            let parse = try await lab.xcheck(["alerts", "add", "webhook", "--url", hookURL, "--bogus"], environment: lab.connected)
            outputs.append(parse)
            #expect(parse.status == Exit.badInput, "\(parse)")
            let attached = try await lab.xcheck(["alerts", "add", "webhook", "--url=\(hookURL)", "--chat", "1"], environment: lab.connected)
            outputs.append(attached)
            #expect(attached.status == Exit.badInput, "\(attached)")
            let refused = try await lab.xcheck(["alerts", "add", "webhook", "--url", "ftp://hooks.example.net\(hookPath)"], environment: lab.connected)
            outputs.append(refused)
            #expect(refused.status == Exit.problem && refused.stderr.contains("invalid_alert"), "\(refused)")
            let empty = try await lab.xcheck(["alerts", "add", "discord", "--url-stdin"], environment: lab.connected, stdin: "")
            #expect(empty.status == Exit.badInput, "\(empty)")
            let reader = try await lab.xcheck(["alerts", "list"], environment: ["XCHECK_COORDINATOR": lab.coordinatorURL, "XCHECK_TOKEN": lab.readToken])
            #expect(reader.status == Exit.problem && reader.stderr.contains("403"), "\(reader)")

            let list = try await lab.xcheck(["alerts", "list"], environment: lab.connected)
            outputs.append(list)
            #expect(list.status == Exit.up, "\(list)")
            let row = list.stdout.split(separator: "\n").first { $0.contains(" ops ") }
            #expect(row?.contains("https://hooks.example.net/…") == true && row?.contains("webhook") == true && row?.contains("yes") == true, "\(list)")
            let listJSON = try await lab.xcheck(["alerts", "list", "--json"], environment: lab.connected)
            outputs.append(listJSON)
            let alerts = try listJSON.decode(AlertList.self).alerts
            #expect(alerts.contains { $0.id == created.id } && alerts.allSatisfy { $0.signingSecret == nil }, "\(listJSON)")

            // The delivery log of a target (empty), human and JSON; an unknown target is 404.
            let target = try await lab.xcheck(["targets", "add", "http://panel.example:8080", "--interval", "3600", "--json"], environment: lab.connected)
            let targetID = try target.decode(TargetDocument.self).id
            let log = try await lab.xcheck(["alerts", "log", "\(targetID)"], environment: lab.connected)
            #expect(log.status == Exit.up && log.stdout.contains("STATE") && log.stdout.contains("ATTEMPTS"), "\(log)")
            let logJSON = try await lab.xcheck(["alerts", "log", "\(targetID)", "--json"], environment: lab.connected)
            #expect(try logJSON.decode(DeliveryList.self).deliveries.isEmpty, "\(logJSON)")
            let unknown = try await lab.xcheck(["alerts", "log", "999999"], environment: lab.connected)
            #expect(unknown.status == Exit.problem && unknown.stderr.contains("404"), "\(unknown)")
            _ = try await lab.xcheck(["targets", "rm", "\(targetID)"], environment: lab.connected)

            // rm, twice.
            for alert in alerts {
                let removed = try await lab.xcheck(["alerts", "rm", "\(alert.id)"], environment: lab.connected)
                #expect(removed.status == Exit.up && removed.stdout == "alert \(alert.id) removed\n", "\(removed)")
            }
            let again = try await lab.xcheck(["alerts", "rm", "\(created.id)"], environment: lab.connected)
            #expect(again.status == Exit.problem && again.stderr.contains("404"), "\(again)")

            for output in outputs {
                #expect(!output.allOutput.contains(hookPath), "the webhook URL appears in\n\(output)")
                #expect(!output.allOutput.contains(botToken), "the bot token appears in\n\(output)")
            }
            #expect(outputs.filter { $0.allOutput.contains(secret) }.count == 1, "the signing secret is shown once, by add")
            let coordinatorLog = lab.coordinator.stdout + lab.coordinator.stderr
            #expect(!coordinatorLog.contains(hookPath) && !coordinatorLog.contains(botToken) && !coordinatorLog.contains(secret))
        }
    }
}
