import Crypto
import Hummingbird
import XCheckProtocol

/// Alerts (admin only): create, list, delete, and a target's delivery log. Destinations are secrets: stored
/// sealed and shown only redacted; a signing secret is returned once, by the create call that made it.
struct AlertRoutes: Sendable {
    let alerts: AlertStore
    let targets: TargetStore
    let configuration: CoordinatorConfiguration

    @Sendable func create(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(AlertRequest.self, from: request, limit: self.configuration.maximumBodyBytes)
        if let name = body.name, !(1...200).contains(name.count) { throw APIFailure.badRequest("name must be 1 to 200 characters") }
        if let target = body.targetID {
            guard target > 0, try await self.targets.get(id: target) != nil else { throw APIFailure.notFound("no target \(target)") }
        }
        let destination: String
        var chatID: String?
        do {
            switch body.kind {
            case .webhook, .discord:
                guard body.botToken == nil, body.chatID == nil else {
                    throw AlertDestination.Invalid(message: "'bot_token' and 'chat_id' are for telegram alerts only")
                }
                destination = try AlertDestination.validateURL(body.url, kind: body.kind)
            case .telegram:
                guard body.url == nil else { throw AlertDestination.Invalid(message: "a telegram alert takes 'bot_token' and 'chat_id', not 'url'") }
                destination = try AlertDestination.validateBotToken(body.botToken)
                chatID = try AlertDestination.validateChatID(body.chatID)
            }
            if body.sign == true, body.kind != .webhook {
                throw AlertDestination.Invalid(message: "'sign' is for webhook alerts only")
            }
        } catch let invalid as AlertDestination.Invalid {
            throw APIFailure(.unprocessableContent, "invalid_alert", invalid.message)
        }
        let hint = AlertDestination.redacted(kind: body.kind, url: body.url, chatID: chatID)
        let secret = body.sign == true ? Self.randomSecret() : nil
        let document = try await self.alerts.add(
            name: body.name ?? "\(body.kind.rawValue) \(hint)", kind: body.kind, targetID: body.targetID,
            destination: destination, hint: hint, chatID: chatID, signingSecret: secret)
        return try JSONBody.response(document, status: .created)
    }

    @Sendable func list(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        try JSONBody.response(["alerts": try await self.alerts.list()])
    }

    @Sendable func delete(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIFailure.notFound("alert ids are positive integers")
        }
        guard try await self.alerts.delete(id: id) else { throw APIFailure.notFound("no alert \(id)") }
        return Response(status: .noContent)
    }

    /// `GET /v1/targets/{id}/deliveries?limit=`: the target's delivery log, newest first.
    @Sendable func deliveries(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let id = try TargetRoutes.id(context)
        guard try await self.targets.get(id: id) != nil else { throw APIFailure.notFound("no target \(id)") }
        var limit = 100
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else { throw APIFailure.badRequest("limit must be 1 to 1000") }
            limit = value
        }
        return try JSONBody.response(["deliveries": try await self.alerts.deliveries(targetID: id, limit: limit)])
    }

    /// 32 random bytes as hex.
    static func randomSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { bytes in
            bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}
