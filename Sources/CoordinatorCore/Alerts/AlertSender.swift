import Curl
import FoundationEssentials
import XCheckProtocol

/// Makes one delivery attempt over libcurl: opens the sealed destination, writes the body for the alert's
/// kind, POSTs it (no redirects, capped answer, limited time) and classifies the answer. Errors never quote
/// the destination.
struct AlertSender: Sendable {
    let driver: CurlDriver
    let cipher: CredentialCipher
    let configuration: CoordinatorConfiguration

    /// What one attempt found.
    struct Attempt: Sendable {
        var status: Int?
        var outcome: AlertDeliveryPolicy.Outcome
        var retryAfterSeconds: Int?
    }

    func send(_ delivery: AlertStore.ClaimedDelivery) async -> Attempt {
        let destination: String
        let secret: String?
        do {
            destination = try self.cipher.open(delivery.destinationSealed)
            secret = try delivery.secretSealed.map { try self.cipher.open($0) }
        } catch {
            return Attempt(status: nil, outcome: .failed(error: "the destination cannot be opened (is every replica using the same key file?)"))
        }
        let url: String
        let body: [UInt8]
        var headers = ["Accept: application/json"]
        do {
            switch delivery.kind {
            case .webhook:
                url = destination
                // The stored event, byte for byte: the signature covers exactly what is sent.
                body = Array(delivery.eventJSON.utf8)
                headers.append("X-XCheck-Event: \(delivery.event.type)")
                headers.append("X-XCheck-Event-Id: \(delivery.event.eventID)")
                if let secret {
                    let now = Int64(Date().timeIntervalSince1970)
                    headers.append("X-XCheck-Signature: \(AlertMessage.signature(secret: secret, timestamp: now, body: body))")
                }
            case .discord:
                url = destination
                body = try AlertMessage.discordBody(delivery.event)
            case .telegram:
                url = "\(self.configuration.telegramBaseURL)/bot\(destination)/sendMessage"
                body = try AlertMessage.telegramBody(delivery.event, chatID: delivery.chatID ?? "")
            }
        } catch {
            return Attempt(status: nil, outcome: .failed(error: "the message could not be written: \(error)"))
        }
        let request = TransferRequest(
            url: url, kind: .post(body: body, contentType: "application/json"), headers: headers,
            userAgent: "xcheck-coordinator (alerts)",
            connectTimeout: self.configuration.alertRequestTimeout, tlsTimeout: self.configuration.alertRequestTimeout,
            totalTimeout: self.configuration.alertRequestTimeout, maxRedirects: 0,
            maxBodyBytes: self.configuration.alertResponseBytes, maxHeaderBytes: 16 << 10)
        let report: TransferReport
        do {
            report = try await self.driver.perform(request)
        } catch {
            return Attempt(status: nil, outcome: .retry(error: "the attempt was cancelled"))
        }
        let secrets = [url, destination] + (secret.map { [$0] } ?? [])
        let status = report.httpStatus
        let networkError = AlertDestination.scrub(
            report.errorMessage.isEmpty ? report.code.description : report.errorMessage, secrets: secrets)
        let outcome = AlertDeliveryPolicy.classify(
            status: status, networkError: networkError, detail: Self.detail(report.body, kind: delivery.kind, secrets: secrets))
        return Attempt(status: status, outcome: outcome, retryAfterSeconds: report.retryAfterSeconds)
    }

    /// A short excerpt of the receiver's answer for the log: Telegram's `description`, else the first 200
    /// characters of the body, with the secrets removed.
    static func detail(_ body: [UInt8], kind: AlertKind, secrets: [String]) -> String? {
        guard !body.isEmpty else { return nil }
        if kind == .telegram {
            struct TelegramAnswer: Decodable { var description: String? }
            if let answer = try? JSONDecoder().decode(TelegramAnswer.self, from: Data(body)), let description = answer.description {
                return AlertDestination.scrub(String(description.prefix(200)), secrets: secrets)
            }
        }
        let text = String(decoding: body.prefix(400), as: UTF8.self)
            .map { $0.isNewline ? " " : $0 }.filter { !$0.isASCII || $0.asciiValue! >= 32 }
        return AlertDestination.scrub(String(String(text).prefix(200)), secrets: secrets)
    }
}
